// Our "extractor": a middleware that validates a request against a schema before the handler
// runs, and a typed accessor that hands the handler only what was validated. In axum the
// handler's signature (Path<Id>, Query<Page>, Json<Input>) does this; in Express it is a
// middleware in front of the handler, and the handler asks for the result by location.
import type { Request, RequestHandler } from 'express';
import { type ValidationChain, matchedData, validationResult } from 'express-validator';

export interface RequestSchema {
  params?: readonly ValidationChain[];
  query?: readonly ValidationChain[];
  body?: readonly ValidationChain[];
}

/** One problem with one input field: the `errors` entries of every validation error. */
export interface FieldError {
  readonly location: 'params' | 'query' | 'body' | 'headers';
  /** Path of the field (`priceCents`, `items[0].qty`); '' for the whole body. */
  readonly field: string;
  readonly message: string;
}

/** The one format of every validation error this API returns. */
export interface ValidationErrorBody {
  readonly error: string;
  readonly errors: readonly FieldError[];
}

/**
 * Validates a request in two steps. Bad path or query parameters mean the client asked for
 * something that cannot exist: 400, and the body is not even looked at. A well-formed request
 * whose JSON body has wrong fields is 422 Unprocessable Content.
 */
export function validate(schema: RequestSchema): RequestHandler {
  const chains = [...(schema.params ?? []), ...(schema.query ?? []), ...(schema.body ?? [])];

  return async (req, _res, next) => {
    for (const chain of chains) await chain.run(req);
    // TODO(exercise 3.3): refuse invalid requests in the one standard format
    // (ValidationErrorBody, first error per field): params and query first (400 'The path or
    // query parameters are not valid'); then the body must be a JSON object (422 'The request
    // body must be a JSON object' with one error for field ''); then its fields (422 'The
    // request body is not valid'). Today every request reaches the handler.
    void validationResult;
    next();
  };
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
