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
 * CORS for the configured origins only. Tokens travel in the Authorization header, never
 * cookies: no credentials.
 */
export function corsPolicy(_allowedOrigins: readonly string[]): RequestHandler {
  // TODO(exercise 8.4): every browser origin may read every answer, whatever CORS_ORIGINS
  // says; a preflight is told yes to any method and to whatever headers it asks for, and a
  // page cannot read Location, Retry-After or the RateLimit headers.
  return cors({ origin: (origin, callback) => callback(null, origin !== undefined) });
}
