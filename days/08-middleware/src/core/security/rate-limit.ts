import type { Request, RequestHandler } from 'express';
import {
  MemoryStore,
  type Options,
  type Store,
  ipKeyGenerator,
  rateLimit,
} from 'express-rate-limit';
import type { Config } from '../../config';
import type { Logger } from '../logging/logger';

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
    handler: limited,
  });
}

/**
 * Failed logins per account and client. createApp mounts it first on POST /auth/login (before
 * validation: a malformed guess is a guess too), with its own store.
 */
export function loginRateLimit(_deps: {
  config: Config['rateLimit'];
  store: Store;
  logger: Logger;
}): RequestHandler {
  // TODO(exercise 8.5): every login gets through. One client can try password after password
  // against one account, 300 a minute under the general limit, and a burst sent in parallel
  // is all checked before anything could count it.
  return (_req, _res, next) => {
    next();
  };
}

function common(logger: Logger): Partial<Options> {
  return {
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // The library's own complaints (a misconfigured proxy, say) go to our log, not the console.
    logger: {
      error: (error: unknown, message?: string) =>
        logger.error(message ?? 'express-rate-limit', { error }),
      warn: (error: unknown, message?: string) =>
        logger.error(message ?? 'express-rate-limit', { error }),
    },
  };
}

function clientKey(req: Request): string {
  // Groups IPv6 clients by /56 so one host cannot rotate through its own address block.
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown', 56);
}

/** Over the limit: how the refusal leaves. The limiter has already set RateLimit and Retry-After. */
const limited: RequestHandler = (_req, res, next) => {
  // TODO(exercise 8.1): the 429 goes out, and the request still reaches its route: the route's
  // work is done (an order placed, a password checked) and its own answer fails with
  // ERR_HTTP_HEADERS_SENT. This refusal is also the API's only one that is not problem+json.
  res.status(429).json({ message: 'Too many requests, try again later' });
  next();
};
