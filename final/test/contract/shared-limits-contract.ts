// Rate limits shared by several instances on one PostgreSQL database: what an attacker spreading
// guesses over instances behind a balancer meets.
import type express from 'express';
import request from 'supertest';
import type { PostgresDatabase } from '../../src/core/db/postgres';
import { PostgresRateLimitStore } from '../../src/core/security/rate-limit.postgres';
import { TestClock } from '../helpers/test-clock';

export function sharedLimitsContract(
  engineName: string,
  open: () => Promise<{
    db: PostgresDatabase;
    /** A new instance (an app of its own) on the same database. */
    instance(env: Record<string, string>): Promise<express.Express>;
  }>,
): void {
  describe(`rate limits shared by instances on ${engineName}`, () => {
    it('count the hits of every store on the same key together, per window and per limiter', async () => {
      const { db } = await open();
      const clock = new TestClock();
      const [a, b] = [1, 2].map(() => new PostgresRateLimitStore(db, clock, 'general'));
      const login = new PostgresRateLimitStore(db, clock, 'login');
      for (const store of [a, b, login]) store?.init({ windowMs: 60_000 } as never);
      if (a === undefined || b === undefined) throw new Error('two stores expected');
      expect((await a.increment('1.2.3.4')).totalHits).toBe(1);
      expect((await b.increment('1.2.3.4')).totalHits).toBe(2);
      const third = await a.increment('1.2.3.4');
      expect(third).toEqual({ totalHits: 3, resetTime: new Date(clock.now() + 60_000) });
      expect((await login.increment('1.2.3.4')).totalHits).toBe(1);
      await b.decrement('1.2.3.4');
      expect((await a.get('1.2.3.4'))?.totalHits).toBe(2);
      clock.advance(60_000);
      expect((await b.increment('1.2.3.4')).totalHits).toBe(1);
      await a.resetKey('1.2.3.4');
      expect(await b.get('1.2.3.4')).toBeUndefined();
    });

    it('stop failed logins spread over two instances at the shared limit', async () => {
      const { instance } = await open();
      const env = { LOGIN_RATE_LIMIT_MAX: '3' };
      const apps = [await instance(env), await instance(env)];
      const statuses: number[] = [];
      for (const n of [0, 1, 2, 3]) {
        const app = apps[n % 2] as express.Express;
        const res = await request(app)
          .post('/api/v1/auth/login')
          .send({ email: 'victim@example.com', password: 'wrong password guess' });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });
  });
}
