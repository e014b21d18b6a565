import request from 'supertest';
import { ADMIN, EDITOR, manualClock, signIn, testApp } from './helpers';

const keyboard = { name: 'Split keyboard', description: 'Two halves, tented', priceCents: 18900 };

describe('products: create, read, update, delete', () => {
  it('creates a product: 201, a Location header and the stored product', async () => {
    const clock = manualClock(Date.UTC(2026, 2, 1, 12));
    const app = await testApp({ clock });
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send(keyboard);
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe('/api/v1/products/5');
    expect(res.body).toEqual({
      id: 5,
      name: 'Split keyboard',
      description: 'Two halves, tented',
      priceCents: 18900,
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
  });

  it('lists the first page with its page information by default', async () => {
    const res = await request(await testApp()).get('/api/v1/products');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(4);
    expect(res.body.page).toEqual({ page: 1, limit: 20, total: 4, totalPages: 1 });
  });

  it('updates only the fields sent', async () => {
    const app = await testApp();
    const res = await request(app)
      .patch('/api/v1/products/2')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ priceCents: 3900 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 2, name: 'Laptop stand', priceCents: 3900 });
    expect((await request(app).get('/api/v1/products/2')).body.priceCents).toBe(3900);
  });

  it('deletes a product: 204, then it is gone', async () => {
    const app = await testApp();
    // Deleting a product is for admins (Day 7's permission table).
    const auth = await signIn(app, ADMIN);
    await request(app).delete('/api/v1/products/3').set('Authorization', auth).expect(204);
    await request(app).get('/api/v1/products/3').expect(404);
    await request(app).delete('/api/v1/products/3').set('Authorization', auth).expect(404);
  });

  it('keeps each app its own store', async () => {
    const a = await testApp();
    await request(a)
      .post('/api/v1/products')
      .set('Authorization', await signIn(a, EDITOR))
      .send(keyboard)
      .expect(201);
    const b = await testApp();
    expect((await request(b).get('/api/v1/products')).body.page.total).toBe(4);
  });

  it('decides the id and the timestamps itself, whatever the client sends', async () => {
    const clock = manualClock(Date.UTC(2026, 2, 1, 12));
    const app = await testApp({ clock });
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ ...keyboard, id: 1, createdAt: '1970-01-01T00:00:00.000Z' });
    expect(res.body).toMatchObject({ id: 5, createdAt: '2026-03-01T12:00:00.000Z' });
  });

  it('lets a product keep its own name: a rename checks the others only', async () => {
    const app = await testApp();
    await request(app)
      .patch('/api/v1/products/1')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ name: 'Mechanical keyboard', priceCents: 9900 })
      .expect(200);
  });
});

describe('the JSON body parser', () => {
  it('refuses a body over BODY_LIMIT_BYTES with 413, before any handler runs', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .send({ ...keyboard, description: 'x'.repeat(2000) }); // testConfig allows 1024 bytes
    expect(res.status).toBe(413);
  });

  it('parses only application/json (and +json) bodies', async () => {
    const app = await testApp();
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .set('Content-Type', 'application/merge-patch+json')
      .send(JSON.stringify(keyboard));
    expect(res.status).toBe(201);
  });
});
