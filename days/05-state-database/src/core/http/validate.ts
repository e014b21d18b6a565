// Our "extractor": a middleware that validates a request against a schema before the handler
// runs, and a typed accessor that hands the handler only what was validated. In axum the
// handler's signature (Path<Id>, Query<Page>, Json<Input>) does this; in Express it is a
// middleware in front of the handler, and the handler asks for the result by location.
import type { Request, RequestHandler } from 'express';
import { type ValidationChain, matchedData, validationResult } from 'express-validator';
import { BadRequestError, type FieldError, ValidationError } from '../errors/app-error';

export interface RequestSchema {
  params?: readonly ValidationChain[];
  query?: readonly ValidationChain[];
  body?: readonly ValidationChain[];
}

/**
 * Validates a request in two steps. Bad path or query parameters mean the client asked for
 * something that cannot exist: 400, and the body is not even looked at. A well-formed request
 * whose JSON body has wrong fields is 422 Unprocessable Content. Both are thrown: Express 5
 * passes the rejected promise of this async middleware to the error handler.
 */
export function validate(schema: RequestSchema): RequestHandler {
  const locators = [...(schema.params ?? []), ...(schema.query ?? [])];
  const bodyChains = schema.body ?? [];

  return async (req, _res, next) => {
    for (const chain of locators) await chain.run(req);
    const locatorErrors = collectErrors(req);
    if (locatorErrors.length > 0) {
      throw new BadRequestError('The path or query parameters are not valid', locatorErrors);
    }

    if (bodyChains.length > 0) {
      // No body, a body that was not JSON (left unparsed: undefined), an array or a scalar.
      if (req.body === undefined || typeof req.body !== 'object' || Array.isArray(req.body)) {
        throw new ValidationError(
          [{ location: 'body', field: '', message: 'Send a JSON object' }],
          'The request body must be a JSON object',
        );
      }
      for (const chain of bodyChains) await chain.run(req);
      const bodyErrors = collectErrors(req);
      if (bodyErrors.length > 0) throw new ValidationError(bodyErrors);
    }
    next();
  };
}

/** Every chain run on this request so far; the first error of each field only. */
function collectErrors(req: Request): FieldError[] {
  return validationResult(req)
    .array({ onlyFirstError: true })
    .map((error) =>
      error.type === 'field'
        ? { location: toLocation(error.location), field: error.path, message: String(error.msg) }
        : { location: 'body' as const, field: '', message: String(error.msg) },
    );
}

function toLocation(location: string): FieldError['location'] {
  return location === 'params' || location === 'query' || location === 'headers'
    ? location
    : 'body';
}

/**
 * The validated (and sanitized) values of one location. Fields no chain declared are dropped,
 * and optional fields the client did not send are left out rather than set to undefined.
 * Read this, never req.query: in Express 5 req.query is a getter that parses the URL again on
 * every access, so the converted values (numbers, trimmed strings) only exist here.
 */
export function validated<T>(req: Request, location: 'params' | 'query' | 'body'): T {
  const data = matchedData(req, { locations: [location], includeOptionals: false });
  // A chain on the whole body (body().custom(...)) records the whole body under the field ''.
  // It was checked as a whole, not field by field, so it must not leak into the DTO.
  delete data[''];
  return data as T;
}
