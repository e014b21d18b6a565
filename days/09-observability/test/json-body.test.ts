import request from 'supertest';
import { EDITOR, signIn, testApp } from './helpers';

describe('jsonBody lets every readable JSON body through, and requests without one', () => {
  it('lets a request without a body through to validation (422, not 415)', async () => {
    const app = await testApp();
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR));
    expect(res.status).toBe(422);
    expect(res.body.detail).toBe('The request body must be a JSON object');
  });

  it('accepts application/json with a charset parameter', async () => {
    const app = await testApp();
    await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ name: 'Desk mat', priceCents: 1900 }))
      .expect(201);
  });

  it('accepts a +json media type', async () => {
    const app = await testApp();
    const res = await request(app)
      .patch('/api/v1/products/1')
      .set('Authorization', await signIn(app, EDITOR))
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify({ priceCents: 4200 }));
    expect(res.status).toBe(200);
    expect(res.body.priceCents).toBe(4200);
  });

  it('still parses a JSON array, which validation then refuses', async () => {
    const app = await testApp();
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send([{ name: 'Desk mat', priceCents: 1900 }]);
    expect(res.status).toBe(422);
  });
});
