import type { Request, RequestHandler } from 'express';
import {
  MemoryStore,
  type Options,
  type Store,
  ipKeyGenerator,
  rateLimit,
} from 'express-rate-limit';
import type { Config } from '../../config';
import { TooManyRequestsError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { logSecurityEvent } from '../logging/security-events';

/** The limits this API applies; each gets its own store (a store counts for one limiter). */
export type RateLimitPolicy = 'general' | 'login';

/**
 * Where a limiter keeps its counters: express-rate-limit's `Store` interface. The default,
 * one MemoryStore per limiter, counts per process; several instances behind a balancer need
 * a shared store (Redis, PostgreSQL), which is a different factory here and nothing else.
 */
export type RateLimitStoreFactory = (policy: RateLimitPolicy) => Store;

export const memoryRateLimitStores: RateLimitStoreFactory = () => new MemoryStore();

/**
 * Per-client limit on the whole API, keyed on `req.ip`, which honours `trust proxy` from
 * config: behind a trusted proxy it is the real client, and clients cannot spoof it with
 * X-Forwarded-For. Answers with the IETF RateLimit headers (draft 8) on every response and
 * `Retry-After` with the 429.
 */
export function generalRateLimit(deps: {
  config: Config['rateLimit'];
  store: Store;
  logger: Logger;
}): RequestHandler {
  return rateLimit({
    ...common(deps.logger),
    identifier: 'general',
    windowMs: deps.config.windowMs,
    limit: deps.config.max,
    store: deps.store,
    keyGenerator: clientKey,
    handler: limited('general', deps.logger),
  });
}

/**
 * Failed logins per account and client: only responses >= 400 count (a user who types the
 * password right is never locked out), and one client guessing one account is stopped after
 * `loginMax` failures in the window. Keying on both keeps an attacker from locking a victim
 * out from everywhere. The hit is counted when the request arrives and given back when it
 * succeeds, so a burst of parallel guesses is counted before any of them is answered.
 */
export function loginRateLimit(deps: {
  config: Config['rateLimit'];
  store: Store;
  logger: Logger;
}): RequestHandler {
  return rateLimit({
    ...common(deps.logger),
    identifier: 'login',
    windowMs: deps.config.loginWindowMs,
    limit: deps.config.loginMax,
    store: deps.store,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => {
      const body: unknown = req.body;
      const email =
        typeof body === 'object' &&
        body !== null &&
        'email' in body &&
        typeof body.email === 'string'
          ? body.email.trim().toLowerCase()
          : '';
      return `${clientKey(req)}|${email}`;
    },
    handler: limited('login', deps.logger),
  });
}

function common(logger: Logger): Partial<Options> {
  return {
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The library's own complaints (a misconfigured proxy, say) go to our log, as JSON.
    logger: {
      error: (error: unknown, message?: string) =>
        logger.error(message ?? 'express-rate-limit', { error }),
      warn: (error: unknown, message?: string) =>
        logger.warn(message ?? 'express-rate-limit', { error }),
    },
  };
}

function clientKey(req: Request): string {
  // Groups IPv6 clients by /56 so one host cannot rotate through its own address block.
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56);
}

/**
 * Over the limit: the 429 leaves as problem+json through the error handler, like every other
 * refusal, and as a security event naming the limiter. The limiter has already set RateLimit
 * and Retry-After on the response.
 */
function limited(limiter: RateLimitPolicy, logger: Logger): RequestHandler {
  return (req, _res, next) => {
    logSecurityEvent(logger, {
      event: 'rate_limited',
      ip: req.ip,
      method: req.method,
      path: req.originalUrl.split('?')[0] ?? req.path,
      limiter,
    });
    next(new TooManyRequestsError());
  };
}
