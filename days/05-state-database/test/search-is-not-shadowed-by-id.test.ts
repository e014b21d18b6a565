import request from 'supertest';
import { testApp } from './helpers';

describe('/products/search is not shadowed by /products/:id', () => {
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

  it('still gets a product by id', async () => {
    const res = await request(await testApp()).get('/api/v1/products/3');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 3, name: 'USB-C hub' });
  });
});
