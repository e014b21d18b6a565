import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { Config } from '../../config';
import { TooManyRequestsError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { logSecurityEvent } from '../logging/security-events';

/**
 * Per-client limits keyed on `req.ip`, which honours `trust proxy` from config: behind a
 * trusted proxy it is the real client, and clients cannot spoof it with X-Forwarded-For.
 * The counters live in memory, i.e. per process; several instances need a shared store
 * (Redis, or the balancer's own limiting), see final/README.md.
 */
export function generalRateLimit(config: Config['rateLimit'], logger: Logger): RequestHandler {
  return rateLimit({
    name: 'general',
    windowMs: config.windowMs,
    limit: config.max,
    key: clientKey,
    onLimited: limited('general', logger),
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
    name: 'login',
    windowMs: config.loginWindowMs,
    limit: config.loginMax,
    countSuccessful: false,
    key: (req) => {
      const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase() : '';
      return `${clientKey(req)}|${email}`;
    },
    onLimited: limited('login', logger),
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

export interface RateLimitOptions {
  /** Names the policy in the RateLimit headers and the logs. */
  readonly name: string;
  readonly windowMs: number;
  /** Requests allowed per key and window; the next one is answered by `onLimited`. */
  readonly limit: number;
  readonly key: (req: Request) => string;
  /**
   * false: a response below 400 gives its hit back, so only failures count (logins). The hit
   * is taken first and returned on finish: counting only after the response would let a burst
   * of parallel guesses all pass the check before any of them is counted.
   */
  readonly countSuccessful?: boolean;
  readonly onLimited: RequestHandler;
  readonly now?: () => number;
}

/**
 * A fixed-window limiter: each key gets `limit` hits per window, the window starting at the
 * key's first hit. It answers with the IETF RateLimit headers (draft 8) on every response and
 * `Retry-After` on a 429.
 *
 * Why not express-rate-limit's middleware: it runs on every API request, and there it cost a
 * tenth of the products list's CPU (half a dozen awaits, a SHA-256 of the key for the header,
 * `req.ip` computed twice for debug output nobody reads). This is one Map lookup and two
 * header writes, synchronous. Its `ipKeyGenerator` still builds the client key.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const { name, limit, onLimited } = options;
  const windows = new FixedWindows(options.windowMs, options.now ?? Date.now);
  const policy = `"${name}";q=${limit};w=${Math.ceil(options.windowMs / 1000)}`;
  const countSuccessful = options.countSuccessful ?? true;

  return (req, res, next) => {
    const key = options.key(req);
    const { hits, resetAt } = windows.hit(key);
    const resetSeconds = Math.max(0, Math.ceil((resetAt - windows.now()) / 1000));
    addListItem(res, 'RateLimit-Policy', policy);
    addListItem(res, 'RateLimit', `"${name}";r=${Math.max(0, limit - hits)};t=${resetSeconds}`);
    if (hits > limit) {
      res.setHeader('Retry-After', String(Math.max(1, resetSeconds)));
      onLimited(req, res, next);
      return;
    }
    if (!countSuccessful) {
      res.once('finish', () => {
        if (succeeded(res)) windows.giveBack(key, resetAt);
      });
    }
    next();
  };
}

/**
 * The RateLimit headers are lists: a login passes the general limiter and the login limiter,
 * and the client must see both policies, comma-separated in one field.
 */
function addListItem(res: Response, name: string, item: string): void {
  const previous = res.getHeader(name);
  res.setHeader(name, previous === undefined ? item : `${String(previous)}, ${item}`);
}

function succeeded(res: Response): boolean {
  return res.statusCode < 400;
}

/**
 * Hit counters per key. Expired windows are swept at most once per window, during a hit:
 * no timer, so building an app starts nothing that could keep a process or a test alive.
 */
export class FixedWindows {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();
  private nextSweepAt: number;

  constructor(
    private readonly windowMs: number,
    readonly now: () => number,
  ) {
    this.nextSweepAt = now() + windowMs;
  }

  hit(key: string): { readonly hits: number; readonly resetAt: number } {
    const now = this.now();
    if (now >= this.nextSweepAt) this.sweep(now);
    let window = this.windows.get(key);
    if (window === undefined || window.resetAt <= now) {
      window = { hits: 0, resetAt: now + this.windowMs };
      this.windows.set(key, window);
    }
    window.hits++;
    return window;
  }

  /** Returns one hit of the window that ends at `resetAt` (not of a newer one). */
  giveBack(key: string, resetAt: number): void {
    const window = this.windows.get(key);
    if (window !== undefined && window.resetAt === resetAt && window.hits > 0) window.hits--;
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    this.nextSweepAt = now + this.windowMs;
  }
}
