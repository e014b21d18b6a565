import request from 'supertest';
import { testApp } from './helpers';

const PRODUCT_FIELDS = ['createdAt', 'description', 'id', 'name', 'priceCents', 'updatedAt'];

describe('handlers pass the validated DTO, so unknown fields are never stored', () => {
  it('ignores fields the create contract does not declare', async () => {
    const app = await testApp();
    const res = await request(app)
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900, featured: true, ownerId: 1 });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(PRODUCT_FIELDS);
    const stored = await request(app).get('/api/v1/products/5');
    expect(Object.keys(stored.body).sort()).toEqual(PRODUCT_FIELDS);
  });

  it('does not let a client choose the id or the timestamps on create', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900, id: 1, createdAt: '1970-01-01T00:00:00.000Z' });
    expect(res.body.id).toBe(5);
    expect(res.body.createdAt).not.toBe('1970-01-01T00:00:00.000Z');
  });

  it('does not let PATCH move a product to another id or add fields', async () => {
    const app = await testApp();
    const res = await request(app)
      .patch('/api/v1/products/2')
      .send({ priceCents: 3900, id: 7, internalNote: 'margin 60%' });
    expect(res.body).toMatchObject({ id: 2, priceCents: 3900 });
    expect(Object.keys(res.body).sort()).toEqual(PRODUCT_FIELDS);
  });
});
