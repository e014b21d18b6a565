import request from 'supertest';
import { testApp } from './helpers';

describe('exercise 2.1: /products/search is not shadowed by /products/:id', () => {
  it('GET /api/v1/products/search?q=lap searches instead of looking up a product "search"', async () => {
    const res = await request(await testApp()).get('/api/v1/products/search?q=lap');
    expect(res.body).toEqual({ data: [expect.objectContaining({ id: 2, name: 'Laptop stand' })] });
    expect(res.status).toBe(200);
  });

  it('searches case-insensitively in names and descriptions', async () => {
    const res = await request(await testApp()).get('/api/v1/products/search?q=BATTERY');
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { id: number }) => p.id)).toEqual([4]);
  });

  it('answers 400 when q is missing, from the search route', async () => {
    const res = await request(await testApp()).get('/api/v1/products/search');
    expect(res.body).toEqual({ error: 'The query parameter q is required' });
    expect(res.status).toBe(400);
  });

  it('still gets a product by id', async () => {
    const res = await request(await testApp()).get('/api/v1/products/3');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 3, name: 'USB-C hub' });
  });
});
