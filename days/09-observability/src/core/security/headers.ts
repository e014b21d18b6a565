import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** HSTS as helmet sends it by default: one year, subdomains included. */
const HSTS = { maxAge: 31_536_000, includeSubDomains: true } as const;

/**
 * The headers every API response carries (JSON and problem+json), set by helmet with the
 * short set the OWASP REST Security cheat sheet recommends. A JSON API needs no HTML-oriented
 * policy: no scripts, styles, fonts or forms are ever loaded from these responses. What
 * matters is that a browser never sniffs a response into something executable, never frames
 * it, never leaks the URL as a referrer, and never lets another site embed it:
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
 * helmet's other headers (Cross-Origin-Opener-Policy, Origin-Agent-Cluster,
 * X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-XSS-Protection) concern HTML documents and are turned off here.
 */
export function apiSecurityHeaders(options: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    crossOriginResourcePolicy: { policy: 'same-origin' },
    originAgentCluster: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.hsts ? HSTS : false,
    xContentTypeOptions: true,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xFrameOptions: { action: 'deny' },
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
}

/**
 * CORS for the configured origins only. Other origins get no CORS headers, so browsers block
 * the response. Tokens travel in the Authorization header, never cookies: no credentials.
 * The allowlist is a function: for a request from no origin or another one, cors hands the
 * request on untouched, so a plain OPTIONS still reaches the routes and their Allow header.
 */
export function corsPolicy(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    // Named, not reflected: cors() by default allows whatever headers a preflight asks for.
    // X-Request-Id both ways: a page may send its own id and read the one the API used.
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Location', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
