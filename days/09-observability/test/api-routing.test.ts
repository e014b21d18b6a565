import request from 'supertest';
import { API_PREFIX } from '../src/app';
import { ADMIN, signIn, testApp } from './helpers';

const app = () => testApp();

describe('the versioned API', () => {
  it('is mounted under /api/v1', () => {
    expect(API_PREFIX).toBe('/api/v1');
  });

  it('lists products at /api/v1/products', async () => {
    const res = await request(await app()).get('/api/v1/products');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(4);
    expect(res.body.data[0]).toMatchObject({ id: 1, name: 'Mechanical keyboard' });
  });

  it('gets one product by id', async () => {
    const res = await request(await app()).get('/api/v1/products/2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 2, name: 'Laptop stand', priceCents: 4500 });
  });

  it('answers HEAD on a product with the GET headers and no body', async () => {
    const res = await request(await app()).head('/api/v1/products/2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.text).toBeUndefined();
  });

  it('answers 404 with a problem for a product that does not exist', async () => {
    const res = await request(await app()).get('/api/v1/products/999');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, detail: 'The product does not exist' });
  });

  it('lists users and gets one by id, for an admin', async () => {
    const users = await app();
    const auth = await signIn(users, ADMIN);
    const list = await request(users).get('/api/v1/users').set('Authorization', auth);
    expect(list.body.data.map((u: { name: string }) => u.name)).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
      'Linus Torvalds',
    ]);
    const one = await request(users).get('/api/v1/users/2').set('Authorization', auth);
    expect(one.body).toMatchObject({ id: 2, role: 'editor' });
  });

  it('does not serve the API without its version prefix', async () => {
    const res = await request(await app()).get('/products');
    expect(res.status).toBe(404);
  });

  it('keeps /health outside the versioned API', async () => {
    await request(await app())
      .get('/health')
      .expect(200);
    await request(await app())
      .get('/api/v1/health')
      .expect(404);
  });
});

describe('the not-found fallback', () => {
  it('answers an unknown route with 404 as problem+json instead of an HTML page', async () => {
    const res = await request(await app()).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /nope',
      instance: '/nope',
      requestId: expect.any(String),
    });
  });

  it('also covers unknown paths below /api/v1', async () => {
    const res = await request(await app()).delete('/api/v1/orders/7');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ detail: 'No route for DELETE /api/v1/orders/7' });
  });
});
