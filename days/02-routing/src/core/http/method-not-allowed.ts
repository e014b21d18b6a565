import type { RequestHandler } from 'express';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Closes a route chain: `router.route('/x').get(handler).all(methodNotAllowed(['GET']))`.
 * The route's method handlers run first; this one sees only the methods nobody answered.
 *
 * Express matches a request on path AND method, so a known path with an unknown method falls
 * through to the 404 handler exactly like an unknown path. HTTP has a better answer: 405 Method
 * Not Allowed, with an `Allow` header naming the methods the resource does support (RFC 9110
 * section 15.5.6 requires the header). axum does this by itself; in Express you say it.
 */
export function methodNotAllowed(allowed: readonly HttpMethod[]): RequestHandler {
  // TODO(exercise 2.2): answer 405 with `Allow` (a GET route also serves HEAD) and a JSON
  // `{ error }` naming the method, and answer OPTIONS with 204 and the same `Allow` plus
  // OPTIONS. Today the request falls through to the 404 handler, as in plain Express.
  void allowed;
  return (_req, _res, next) => next();
}
