// Several instances on one PostgreSQL database, each an application of its own: the rate limits
// they share (what an attacker spreading guesses over instances behind a balancer meets), a
// refresh token presented to two of them at once, and the list cache seeing another's writes.
import type express from 'express';
import request from 'supertest';
import type { PostgresDatabase } from '../../src/core/db/postgres';
import { PostgresRateLimitStore } from '../../src/core/security/rate-limit.postgres';
import { PASSWORD } from '../helpers/test-app';
import { TestClock } from '../helpers/test-clock';

export function instancesContract(
  engineName: string,
  open: () => Promise<{
    db: PostgresDatabase;
    /** A new instance (an app of its own) on the same database. */
    instance(env: Record<string, string>): Promise<express.Express>;
  }>,
): void {
  describe(`several instances on one database, ${engineName}`, () => {
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

    it('let one of two instances refreshing the same token at once win, and revoke the family', async () => {
      const { instance } = await open();
      const [a, b] = [await instance({}), await instance({})] as const;
      await request(a)
        .post('/api/v1/auth/register')
        .send({ email: 'twice@example.com', password: PASSWORD, name: 'Twice' })
        .expect(201);
      const login = await request(b)
        .post('/api/v1/auth/login')
        .send({ email: 'twice@example.com', password: PASSWORD })
        .expect(200);
      const token = login.body.refreshToken;
      const answers = await Promise.all(
        [a, b].map((app) =>
          request(app).post('/api/v1/auth/refresh').send({ refreshToken: token }),
        ),
      );
      expect(answers.map((res) => res.status).sort()).toEqual([200, 401]);
      // The loser presented a token that had just been rotated: a replay, so the winner's new
      // token is revoked with its family.
      const winner = answers.find((res) => res.status === 200);
      await request(b)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: winner?.body.refreshToken })
        .expect(401);
    });

    it("serve no cached product list that misses another instance's write", async () => {
      const { db, instance } = await open();
      const [writer, reader] = [await instance({}), await instance({})] as const;
      const before = await request(reader).get('/api/v1/products?q=zebra').expect(200);
      expect(before.body.data).toEqual([]);
      await request(reader).get('/api/v1/products?q=zebra').expect(200); // now cached
      await request(writer)
        .post('/api/v1/auth/register')
        .send({ email: 'editor@example.com', password: PASSWORD, name: 'Ed' })
        .expect(201);
      await db.query(`UPDATE users SET role = 'admin' WHERE email = 'editor@example.com'`);
      const login = await request(writer)
        .post('/api/v1/auth/login')
        .send({ email: 'editor@example.com', password: PASSWORD })
        .expect(200);
      await request(writer)
        .post('/api/v1/products')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send({ name: 'Zebra lamp', description: '', priceCents: 100 })
        .expect(201);
      const after = await request(reader).get('/api/v1/products?q=zebra').expect(200);
      expect(after.body.data.map((p: { name: string }) => p.name)).toEqual(['Zebra lamp']);
    });
  });
}
