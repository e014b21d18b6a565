import request from 'supertest';
import { testApp } from './helpers';

const app = () => testApp();

describe('a known path with the wrong method answers 405 with Allow', () => {
  it('answers POST /api/v1/products/1 with 405, Allow and a problem', async () => {
    const res = await request(await app()).post('/api/v1/products/1');
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, PATCH, DELETE, HEAD');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 405,
      detail: 'POST is not allowed here',
      instance: '/api/v1/products/1',
    });
  });

  it('covers every route: the collection, users, nested posts and /health', async () => {
    for (const [method, path, allow] of [
      ['delete', '/api/v1/products', 'GET, POST, HEAD'],
      ['put', '/api/v1/users/1', 'GET, HEAD'],
      ['patch', '/api/v1/users/1/posts', 'GET, HEAD'],
      ['post', '/health', 'GET, HEAD'],
    ] as const) {
      const res = await request(await app())[method](path);
      expect({ path, status: res.status, allow: res.headers['allow'] }).toEqual({
        path,
        status: 405,
        allow,
      });
    }
  });

  it('answers OPTIONS with 204 and the allowed methods, OPTIONS included', async () => {
    const res = await request(await app()).options('/api/v1/products');
    expect(res.status).toBe(204);
    expect(res.headers['allow']).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('keeps 404 for paths that do not exist, whatever the method', async () => {
    const res = await request(await app()).post('/api/v1/orders');
    expect(res.status).toBe(404);
  });

  it('does not get in the way of the methods the route supports', async () => {
    await request(await app())
      .get('/api/v1/products/1')
      .expect(200);
    await request(await app())
      .head('/api/v1/products/1')
      .expect(200);
  });
});
