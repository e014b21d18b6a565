import express from 'express';
import request from 'supertest';
import { UniqueViolationError } from '../src/core/db/errors';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger, testApp } from './helpers';

describe('a duplicate product name is a 409 Conflict', () => {
  it('answers 409 when creating a product whose name exists (any letter case)', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .send({ name: 'laptop STAND', priceCents: 100 });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      title: 'Conflict',
      detail: 'A product with this name already exists',
    });
  });

  it('answers 409 when renaming a product to the name of another', async () => {
    const res = await request(await testApp())
      .patch('/api/v1/products/1')
      .send({ name: 'USB-C hub' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('A product with this name already exists');
  });

  it('maps any unique violation the same way: its own message, nothing of its cause, no log', async () => {
    const logger = recordingLogger();
    const app = express();
    app.post('/coupons', () => {
      throw new UniqueViolationError('A coupon with this code already exists', {
        cause: new Error('SQLITE_CONSTRAINT_UNIQUE: UNIQUE constraint failed: coupons.code'),
      });
    });
    app.use(errorHandler(logger));
    const res = await request(app).post('/coupons');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Conflict',
      status: 409,
      detail: 'A coupon with this code already exists',
      instance: '/coupons',
    });
    expect(res.text).not.toContain('SQLITE');
    expect(logger.entries).toEqual([]);
  });
});
