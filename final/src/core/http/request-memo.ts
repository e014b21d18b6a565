import express, { type Express, type Request } from 'express';

const MEMOIZED = ['query', 'ip'] as const;

/**
 * Express 5 computes `req.query` and `req.ip` in getters on its request prototype, anew on
 * every access: the query string is parsed again each time (validation chains read it
 * dozens of times per request), and the client address walks X-Forwarded-For against
 * `trust proxy` each time (the rate limiter, the access log and security events all read
 * it). Both are fixed for the life of a request.
 *
 * `app.request` is the prototype Express gives this app's requests (`Object.setPrototypeOf`
 * in `app.handle`), so redefining the two getters there memoizes them for this app only:
 * computed on first access, then read from a symbol-keyed slot on the request. No middleware
 * layer, and nothing computed for a request that never asks (the health probe). A write
 * (`req.query = ...`, as Express 4 allowed and sanitizers do) replaces the memo.
 */
export function memoizeRequestGetters(app: Express): void {
  for (const name of MEMOIZED) {
    const compute = Object.getOwnPropertyDescriptor(express.request, name)?.get;
    if (compute === undefined) throw new Error(`express.request.${name} is not a getter`);
    const slot = Symbol(`memoized req.${name}`);
    Object.defineProperty(app.request, name, {
      configurable: true,
      enumerable: true,
      get(this: Request & { [slot]?: unknown }) {
        const memo = this[slot];
        if (memo !== undefined) return memo;
        const value = compute.call(this);
        this[slot] = value;
        return value;
      },
      set(this: Request & { [slot]?: unknown }, value: unknown) {
        this[slot] = value;
      },
    });
  }
}
