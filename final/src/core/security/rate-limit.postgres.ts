import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Clock } from '../clock';
import type { PostgresDatabase } from '../db/postgres';
import type { RateLimitPolicy, RateLimitStoreFactory } from './rate-limit';

/** Expired counters are deleted by one increment in this many (the table stays small). */
const PURGE_EVERY = 500;

/**
 * express-rate-limit's Store in PostgreSQL, so that every instance counts against the same
 * limit: with one MemoryStore per process, three instances behind nginx would let a client
 * make three times the general limit and an attacker try three times the login limit.
 *
 * A counter is one row per key and limiter (fixed window, like MemoryStore). Each hit is one
 * atomic upsert: two instances counting the same key at once both increment, neither
 * overwrites the other, and a window that has ended restarts at 1 in the same statement.
 * (@acpr/rate-limit-postgresql does the same but pins its own older pg with a second, unbounded
 * pool and its own migration runner; this store uses the application's pool and migrations.)
 */
export class PostgresRateLimitStore implements Store {
  /** The counts live in the database, shared by every instance. */
  readonly localKeys = false;
  readonly prefix: string;
  private windowMs = 60_000;
  private increments = 0;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
    policy: RateLimitPolicy,
  ) {
    this.prefix = `${policy}:`;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const { rows } = await this.db.query<{ hits: number; reset_ms: number }>(
      'SELECT hits, reset_ms::float8 AS reset_ms FROM rate_limit_hits WHERE key = $1 AND reset_ms > $2',
      [this.prefix + key, this.clock.now()],
    );
    const row = rows[0];
    return row && { totalHits: row.hits, resetTime: new Date(row.reset_ms) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const now = this.clock.now();
    const { rows } = await this.db.query<{ hits: number; reset_ms: number }>(
      `INSERT INTO rate_limit_hits AS r (key, hits, reset_ms) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         hits     = CASE WHEN r.reset_ms <= $3 THEN 1 ELSE r.hits + 1 END,
         reset_ms = CASE WHEN r.reset_ms <= $3 THEN $2 ELSE r.reset_ms END
       RETURNING hits, reset_ms::float8 AS reset_ms`,
      [this.prefix + key, now + this.windowMs, now],
    );
    this.increments += 1;
    if (this.increments % PURGE_EVERY === 0) {
      // Housekeeping, off the request's path; a failure here only delays the next purge.
      this.db.query('DELETE FROM rate_limit_hits WHERE reset_ms <= $1', [now]).catch(() => {});
    }
    const row = rows[0] ?? { hits: 1, reset_ms: now + this.windowMs };
    return { totalHits: row.hits, resetTime: new Date(row.reset_ms) };
  }

  async decrement(key: string): Promise<void> {
    await this.db.query('UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1 AND hits > 0', [
      this.prefix + key,
    ]);
  }

  async resetKey(key: string): Promise<void> {
    await this.db.query('DELETE FROM rate_limit_hits WHERE key = $1', [this.prefix + key]);
  }
}

/** One shared store per limiter, all in the application's PostgreSQL database. */
export function postgresRateLimitStores(db: PostgresDatabase, clock: Clock): RateLimitStoreFactory {
  return (policy) => new PostgresRateLimitStore(db, clock, policy);
}
