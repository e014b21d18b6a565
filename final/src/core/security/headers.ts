import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

type HeaderValue = string | number | readonly string[];

/** HSTS as helmet sends it: one year, subdomains included. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every API response carries (JSON and problem+json), after the OWASP REST
 * Security cheat sheet. A JSON API needs no HTML-oriented policy: no scripts, styles, fonts or
 * forms are ever loaded from these responses. What matters is that a browser never sniffs a
 * response into something executable, never frames it, never leaks the URL as a referrer, and
 * never lets another site embed it:
 *
 * - `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`: if a response is
 *   ever rendered as a document, it may load nothing and be framed by no one;
 * - `X-Frame-Options: DENY` for browsers that predate `frame-ancestors`;
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
 *   `Cross-Origin-Resource-Policy: same-origin` (CORS, from the allowlist, still opens the API
 *   to the configured origins);
 * - `Strict-Transport-Security` when `hsts` is set (production): browsers ignore it over plain
 *   HTTP, but a developer's browser that once saw it over HTTPS on localhost would pin every
 *   local app to HTTPS for a year.
 *
 * The set is built once; each response gets it in one `setHeaders` call. The interactive docs
 * (HTML, scripts, styles) need more, and get helmet's full set: see `securityHeaders`.
 */
export function apiSecurityHeaders(options: {
  hsts: boolean;
  /** Checked per request: while true, keep-alive clients are asked to reconnect elsewhere. */
  closeConnections?: () => boolean;
}): RequestHandler {
  const headers = new Map<string, string>([
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
    ['Referrer-Policy', 'no-referrer'],
    ...(options.hsts ? [['Strict-Transport-Security', HSTS] as [string, string]] : []),
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
  ]);
  const closeConnections = options.closeConnections ?? (() => false);
  return (_req, res, next) => {
    res.setHeaders(headers);
    if (closeConnections()) res.setHeader('Connection', 'close');
    next();
  };
}

/**
 * Helmet's full set, for the HTML pages (/docs): CSP, HSTS, nosniff, frame denial, no
 * referrer leaks, and so on. Mounted after `apiSecurityHeaders`, it overwrites that set
 * (helmet sets every header the API set has), so the page gets exactly what helmet sends.
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
  const policy = cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
  // A request without an Origin header is not a CORS request: cors() would build its options
  // and ask the origin callback only to call next() (no Origin, no CORS headers). Skip that.
  return (req, res, next) => {
    if (req.headers.origin === undefined) next();
    else policy(req, res, next);
  };
}
