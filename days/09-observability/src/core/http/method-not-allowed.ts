import type { RequestHandler } from 'express';
import { MethodNotAllowedError } from '../errors/app-error';

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
  // Express answers HEAD with the GET handler (minus the body), so a GET route allows HEAD.
  const methods: string[] = [...allowed];
  if (methods.includes('GET')) methods.push('HEAD');
  const allowWithOptions = [...methods, 'OPTIONS'].join(', ');

  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      // A plain (non-CORS) OPTIONS asks what the resource supports: answer without a body.
      res.setHeader('Allow', allowWithOptions);
      res.status(204).end();
      return;
    }
    // The error carries the Allow header; the error handler writes both.
    next(new MethodNotAllowedError(req.method, methods));
  };
}
