import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type HeaderValue = string | number | readonly string[];

/**
 * Helmet's defaults: CSP, HSTS, nosniff, frame denial, no referrer leaks, and so on.
 *
 * With no per-request directives (no nonces, no functions) helmet's output is the same for
 * every request, yet helmet() rebuilds it each time (the CSP string included). So helmet runs
 * once, here, and each request only copies the captured headers. Helmet stays the source of
 * truth: upgrading it or passing options changes what is captured.
 */
export function securityHeaders(options?: Parameters<typeof helmet>[0]): RequestHandler {
  const { set, removed } = captureHeaders(helmet(options));
  return (_req, res, next) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/** Runs a header-only middleware against a recording response and returns what it set. */
function captureHeaders(middleware: RequestHandler): {
  set: ReadonlyArray<[string, HeaderValue]>;
  removed: readonly string[];
} {
  const headers = new Map<string, [string, HeaderValue]>();
  const removed = new Set<string>();
  const recorder = {
    setHeader(name: string, value: HeaderValue) {
      headers.set(name.toLowerCase(), [name, value]);
      return recorder;
    },
    // Helmet removes X-Powered-By: replayed per request (createApp also disables it).
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
      removed.add(name);
    },
  };
  let finished = false;
  middleware({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // A middleware that needs the request or finishes later cannot be captured once.
  if (!finished) throw new Error('security headers middleware did not complete synchronously');
  return { set: [...headers.values()], removed: [...removed] };
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
