import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Config } from '../../config';
import { TooManyRequestsError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { logSecurityEvent } from '../logging/security-events';

/**
 * Per-client limits keyed on `req.ip`, which honours `trust proxy` from config: behind a
 * trusted proxy it is the real client, and clients cannot spoof it with X-Forwarded-For.
 * The store is in memory, i.e. per process; several instances need a shared store.
 */
export function generalRateLimit(config: Config['rateLimit'], logger: Logger): RequestHandler {
  return rateLimit({
    windowMs: config.windowMs,
    limit: config.max,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => clientKey(req),
    handler: limited('general', logger),
  });
}

/**
 * Failed logins per account and client: only responses >= 400 count, so a user who types the
 * password right is never locked out, and one client guessing one account is stopped after
 * `loginMax` failures in the window. Keying on both keeps an attacker from locking a victim
 * out from everywhere.
 */
export function loginRateLimit(config: Config['rateLimit'], logger: Logger): RequestHandler {
  return rateLimit({
    windowMs: config.loginWindowMs,
    limit: config.loginMax,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${clientKey(req)}|${email}`;
    },
    handler: limited('login', logger),
  });
}

function clientKey(req: Request): string {
  // Groups IPv6 clients by /56 so one host cannot rotate through its own address block.
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

function limited(limiter: string, logger: Logger): RequestHandler {
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
