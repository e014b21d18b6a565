import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Helmet's defaults: CSP, HSTS, nosniff, frame denial, no referrer leaks, and so on. */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/**
 * CORS for the configured origins only. Other origins get no CORS headers, so browsers block
 * the response. Tokens travel in the Authorization header, never cookies: no credentials.
 */
export function corsPolicy(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
