import express from 'express';
import request from 'supertest';
import { UniqueViolationError } from '../src/core/db/errors';
import { errorHandler } from '../src/core/errors/error-handler';
import { EDITOR, recordingLogger, signIn, testApp } from './helpers';

/** What a client needs from a refused write: the status, the kind and what to fix. */
function outcome(res: request.Response) {
  return {
    status: res.status,
    contentType: res.type,
    title: res.body.title,
    detail: res.body.detail,
  };
}

const DUPLICATE_NAME = {
  status: 409,
  contentType: 'application/problem+json',
  title: 'Conflict',
  detail: 'A product with this name already exists',
};

describe('a duplicate product name is a 409 Conflict', () => {
  it('answers 409 when creating a product whose name exists, in any letter case', async () => {
    const app = await testApp();
    const auth = await signIn(app, EDITOR);
    const standDuplicate = await request(app)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: 'laptop STAND', priceCents: 100 });
    const keyboardDuplicate = await request(app)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: 'MECHANICAL keyboard', priceCents: 200 });
    expect([outcome(standDuplicate), outcome(keyboardDuplicate)]).toEqual([
      DUPLICATE_NAME,
      DUPLICATE_NAME,
    ]);
  });

  it('answers 409 when renaming a product to the name of another', async () => {
    const app = await testApp();
    const auth = await signIn(app, EDITOR);
    const res = await request(app)
      .patch('/api/v1/products/1')
      .set('Authorization', auth)
      .send({ name: 'USB-C hub' });
    expect(outcome(res)).toEqual(DUPLICATE_NAME);
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
    expect({
      status: res.status,
      contentType: res.type,
      body: res.body,
      'the driver error in the response': res.text.includes('SQLITE'),
      'log entries': logger.entries,
    }).toEqual({
      status: 409,
      contentType: 'application/problem+json',
      body: {
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'A coupon with this code already exists',
        instance: '/coupons',
      },
      'the driver error in the response': false,
      'log entries': [],
    });
  });
});
