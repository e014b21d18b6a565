import type { RequestHandler } from 'express';

/**
 * Express 5 computes `req.query` and `req.ip` in getters, anew on every access: the query
 * string is parsed again each time (and the validation chains read it dozens of times per
 * request), and the client address walks X-Forwarded-For against `trust proxy` each time (the
 * rate limiter, the access log and security events all read it). Both are fixed for the
 * life of a request, so compute each once and pin the value on the request as an own
 * property, which shadows the getter. Writable, as in Express 4, so sanitizers' writes stick.
 */
export function pinRequestGetters(): RequestHandler {
  return (req, _res, next) => {
    Object.defineProperties(req, {
      query: { value: req.query, writable: true, configurable: true, enumerable: true },
      ip: { value: req.ip, writable: true, configurable: true, enumerable: true },
    });
    next();
  };
}
