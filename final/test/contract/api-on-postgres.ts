// The API served on PostgreSQL: the same routes and services as on SQLite, built by the same
// composition root, only the repositories differ. pglite.contract.test.ts runs it in process;
// postgres.contract.test.ts against a real server started through DATABASE_URL.
import type express from 'express';
import request from 'supertest';
import type { Repositories } from '../../src/app';
import { PASSWORD } from '../helpers/test-app';

export interface ApiOnPostgres {
  readonly app: express.Express;
  readonly repositories: Repositories;
}

export function apiContract(engineName: string, build: () => Promise<ApiOnPostgres>): void {
  describe(`the API on ${engineName}`, () => {
    let api: ApiOnPostgres;
    beforeAll(async () => {
      api = await build();
    });

    async function register(email: string): Promise<number> {
      const res = await request(api.app)
        .post('/api/v1/auth/register')
        .send({ email, password: PASSWORD, name: 'Ada' })
        .expect(201);
      return res.body.id;
    }
    async function login(email: string): Promise<{ accessToken: string; refreshToken: string }> {
      const res = await request(api.app)
        .post('/api/v1/auth/login')
        .send({ email, password: PASSWORD })
        .expect(200);
      return res.body;
    }

    it('answer /ready, register, refuse the same email in another case with 409', async () => {
      await request(api.app).get('/ready').expect(200);
      await register('ada@example.com');
      const taken = await request(api.app)
        .post('/api/v1/auth/register')
        .send({ email: 'ADA@example.com', password: PASSWORD, name: 'Ada' });
      expect(taken.status).toBe(409);
      expect(taken.body.detail).toBe('An account with this email already exists');
      // Nothing of the driver reaches the client.
      expect(JSON.stringify(taken.body)).not.toMatch(/users_email|duplicate key|23505|INSERT/i);
    });

    it('rotate a refresh token once, and end the session when the old one is replayed', async () => {
      await register('bob@example.com');
      const session = await login('bob@example.com');
      const rotated = await request(api.app)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(200);
      await request(api.app)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: session.refreshToken })
        .expect(401);
      await request(api.app)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: rotated.body.refreshToken })
        .expect(401);
    });

    it('create, list, conditionally update and refuse a duplicate product', async () => {
      const id = await register('admin@example.com');
      await api.repositories.users.changeRole(id, 'admin');
      const { accessToken } = await login('admin@example.com');
      const auth = `Bearer ${accessToken}`;
      const created = await request(api.app)
        .post('/api/v1/products')
        .set('Authorization', auth)
        .send({ name: 'Lamp', description: 'Warm', priceCents: 1999 })
        .expect(201);
      const duplicate = await request(api.app)
        .post('/api/v1/products')
        .set('Authorization', auth)
        .send({ name: 'LAMP', description: '', priceCents: 1 });
      expect(duplicate.status).toBe(409);
      const list = await request(api.app).get('/api/v1/products?q=lam').set('Authorization', auth);
      expect(list.status).toBe(200);
      expect(list.body.data.map((p: { name: string }) => p.name)).toEqual(['Lamp']);
      const stale = await request(api.app)
        .patch(`/api/v1/products/${created.body.id}`)
        .set('Authorization', auth)
        .set('If-Match', '"not-the-current-version"')
        .send({ priceCents: 5 });
      expect(stale.status).toBe(412);
      await request(api.app)
        .patch(`/api/v1/products/${created.body.id}`)
        .set('Authorization', auth)
        .set('If-Match', created.headers['etag'] ?? '')
        .send({ priceCents: 5 })
        .expect(200);
    });
  });
}
