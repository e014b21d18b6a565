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
 * something that cannot exist (400); a well-formed JSON body with wrong fields is 422.
 * Mount it after authentication and authorization, so anonymous callers learn nothing about
 * the body a route expects.
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

/** The validated (and sanitized) values of one location; unknown fields are dropped. */
export function validated<T>(req: Request, location: 'params' | 'query' | 'body'): T {
  return matchedData(req, { locations: [location], includeOptionals: false }) as T;
}
