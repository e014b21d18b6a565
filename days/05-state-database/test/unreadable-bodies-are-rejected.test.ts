import request from 'supertest';
import { testApp } from './helpers';

const app = () => testApp(); // testConfig: bodyLimitBytes 1024

describe('a body the API cannot read is rejected before any handler runs', () => {
  it('answers 415 for a body that is not JSON', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .set('Content-Type', 'text/plain')
      .send('name=Desk mat');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 415, detail: 'Send the body as application/json' });
  });

  it('answers 400 for malformed JSON, saying what is wrong', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .set('Content-Type', 'application/json')
      .send('{"name": "Desk mat",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: 'The request body is not valid JSON' });
  });

  it('answers 413 naming the limit for a body over BODY_LIMIT_BYTES', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900, description: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ detail: 'The request body exceeds 1024 bytes' });
  });

  it('lets a request without a body through to validation (422, not 415)', async () => {
    const res = await request(await app()).post('/api/v1/products');
    expect(res.status).toBe(422);
  });

  it('still accepts JSON, including +json media types and a charset', async () => {
    await request(await app())
      .post('/api/v1/products')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ name: 'Desk mat', priceCents: 1900 }))
      .expect(201);
  });
});
