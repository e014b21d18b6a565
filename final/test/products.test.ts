import request from 'supertest';
import {
  type Session,
  bearer,
  createTestApp,
  type TestApp,
  expectProblem,
  signIn,
} from './helpers/test-app';
import { TestClock } from './helpers/test-clock';

const clock = new TestClock();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

let admin: Session;
let editor: Session;
let user: Session;

beforeAll(async () => {
  admin = await signIn(t, 'admin');
  editor = await signIn(t, 'editor');
  user = await signIn(t, 'user');
  const catalog = [
    { name: 'Apple', description: 'A red fruit', priceCents: 120 },
    { name: 'Banana', description: 'Yellow and curved', priceCents: 80 },
    { name: 'Cherry', description: 'Small, red 100%', priceCents: 500 },
    { name: 'Durian', description: 'Smells strong', priceCents: 2500 },
  ];
  for (const product of catalog) {
    clock.advance(1000);
    await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(admin))
      .send(product)
      .expect(201);
  }
});

const list = (query: string) => request(t.app).get(`/api/v1/products${query}`);
const names = (res: request.Response) => (res.body.data as { name: string }[]).map((p) => p.name);

describe('GET /products', () => {
  it('is public and returns { data, page }', async () => {
    const res = await list('').expect(200);
    expect(res.body.page).toEqual({ page: 1, limit: 20, total: 4, totalPages: 1 });
    expect(res.body.data[0]).toEqual({
      id: expect.any(Number),
      name: 'Apple',
      description: 'A red fruit',
      priceCents: 120,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('pages with limit and page', async () => {
    const res = await list('?limit=3&page=2').expect(200);
    expect(names(res)).toEqual(['Durian']);
    expect(res.body.page).toEqual({ page: 2, limit: 3, total: 4, totalPages: 2 });
  });

  it('caps limit at 100 with a 400 rather than silently', async () => {
    await list('?limit=100').expect(200);
    expectProblem(await list('?limit=101'), 400);
  });

  it('filters by text, matching % literally', async () => {
    expect(names(await list('?q=red'))).toEqual(['Apple', 'Cherry']);
    expect(names(await list('?q=100%25'))).toEqual(['Cherry']);
  });

  it('filters by price range', async () => {
    expect(names(await list('?minPriceCents=100&maxPriceCents=500'))).toEqual(['Apple', 'Cherry']);
  });

  it('answers 400 when minPriceCents exceeds maxPriceCents', async () => {
    expectProblem(await list('?minPriceCents=500&maxPriceCents=100'), 400);
  });

  it('sorts by an allowlisted field in either direction', async () => {
    expect(names(await list('?sort=-priceCents'))).toEqual(['Durian', 'Cherry', 'Apple', 'Banana']);
    expect(names(await list('?sort=name'))).toEqual(['Apple', 'Banana', 'Cherry', 'Durian']);
    expect(names(await list('?sort=-createdAt'))[0]).toBe('Durian');
  });

  it('answers 400 for a sort field outside the allowlist', async () => {
    const res = await list('?sort=password_hash');
    expectProblem(res, 400);
    expect(res.body.errors[0].field).toBe('sort');
  });
});

describe('GET /products/:id', () => {
  it('returns a product and 404 for unknown ids', async () => {
    const [first] = (await list('')).body.data;
    await request(t.app).get(`/api/v1/products/${first.id}`).expect(200);
    expectProblem(await request(t.app).get('/api/v1/products/999999'), 404);
  });
});

describe('POST /products', () => {
  it('lets an editor create a product: 201 with Location', async () => {
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ name: 'Elderberry', priceCents: 999 })
      .expect(201);
    expect(res.headers.location).toBe(`/api/v1/products/${res.body.id}`);
    expect(res.body.description).toBe('');
  });

  it('answers 401 to anonymous callers and 403 to users, before validating the body', async () => {
    const invalid = { priceCents: 'free' };
    expectProblem(await request(t.app).post('/api/v1/products').send(invalid), 401);
    expectProblem(
      await request(t.app)
        .post('/api/v1/products')
        .set('Authorization', bearer(user))
        .send(invalid),
      403,
    );
  });

  it('accepts only whole, non-negative cents as JSON numbers (422 otherwise)', async () => {
    for (const priceCents of ['100', 1.5, -1, null]) {
      const res = await request(t.app)
        .post('/api/v1/products')
        .set('Authorization', bearer(editor))
        .send({ name: `Price ${String(priceCents)}`, priceCents });
      expectProblem(res, 422);
      expect(res.body.errors[0].field).toBe('priceCents');
    }
  });
});

describe('PATCH /products/:id', () => {
  it('lets an editor change some fields', async () => {
    const created = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ name: 'Fig', priceCents: 300 })
      .expect(201);
    clock.advance(1000);
    const res = await request(t.app)
      .patch(`/api/v1/products/${created.body.id}`)
      .set('Authorization', bearer(editor))
      .send({ priceCents: 350 })
      .expect(200);
    expect(res.body).toEqual(expect.objectContaining({ name: 'Fig', priceCents: 350 }));
    expect(res.body.updatedAt).not.toBe(created.body.updatedAt);
  });

  it('answers 404 for an unknown product and 409 for a taken name', async () => {
    expectProblem(
      await request(t.app)
        .patch('/api/v1/products/999999')
        .set('Authorization', bearer(editor))
        .send({ priceCents: 1 }),
      404,
    );
    const [apple, banana] = (await list('?sort=name')).body.data;
    expect(apple.name).toBe('Apple');
    expectProblem(
      await request(t.app)
        .patch(`/api/v1/products/${banana.id}`)
        .set('Authorization', bearer(editor))
        .send({ name: 'APPLE' }),
      409,
    );
  });

  it('answers 403 to users', async () => {
    expectProblem(
      await request(t.app)
        .patch('/api/v1/products/1')
        .set('Authorization', bearer(user))
        .send({ priceCents: 1 }),
      403,
    );
  });
});

describe('conditional requests: strong ETags, If-Match and 412', () => {
  const url = (id: number) => `/api/v1/products/${id}`;
  const create = async (name: string) =>
    (
      await request(t.app)
        .post('/api/v1/products')
        .set('Authorization', bearer(editor))
        .send({ name, priceCents: 100 })
        .expect(201)
    ).headers['etag'] as string;

  it('tags every answer that carries a product with a strong ETag of that very body', async () => {
    const createdTag = await create('Kiwi');
    const id = (await list('?q=Kiwi')).body.data[0].id as number;
    const read = await request(t.app).get(url(id)).expect(200);
    expect(read.headers['etag']).toMatch(/^"[\w-]+"$/);
    expect(read.headers['etag']).toBe(createdTag);
    await request(t.app).get(url(id)).set('If-None-Match', createdTag).expect(304);
    clock.advance(1000);
    const changed = await request(t.app)
      .patch(url(id))
      .set('Authorization', bearer(editor))
      .send({ priceCents: 110 })
      .expect(200);
    // A new body, a new tag: the one the client held no longer names the product.
    expect(changed.headers['etag']).not.toBe(createdTag);
    expect((await request(t.app).get(url(id))).headers['etag']).toBe(changed.headers['etag']);
  });

  it('applies a PATCH whose If-Match names the current version, or *', async () => {
    const tag = await create('Lime');
    const id = (await list('?q=Lime')).body.data[0].id as number;
    const res = await request(t.app)
      .patch(url(id))
      .set('Authorization', bearer(editor))
      .set('If-Match', `"some-old-tag", ${tag}`)
      .send({ priceCents: 120 })
      .expect(200);
    await request(t.app)
      .patch(url(id))
      .set('Authorization', bearer(editor))
      .set('If-Match', '*')
      .send({ description: 'Green' })
      .expect(200);
    expect(res.body.priceCents).toBe(120);
  });

  it('refuses with 412, writing nothing, an If-Match that is stale or weak', async () => {
    const tag = await create('Mango');
    const id = (await list('?q=Mango')).body.data[0].id as number;
    clock.advance(1000);
    await request(t.app)
      .patch(url(id))
      .set('Authorization', bearer(editor))
      .send({ priceCents: 130 })
      .expect(200);
    const current = (await request(t.app).get(url(id))).headers['etag'] as string;
    for (const ifMatch of [tag, `W/${current}`]) {
      const res = await request(t.app)
        .patch(url(id))
        .set('Authorization', bearer(editor))
        .set('If-Match', ifMatch)
        .send({ priceCents: 1 });
      expectProblem(res, 412);
      expect(res.body.detail).toMatch(/changed since you read it/);
    }
    const stored = await request(t.app).get(url(id)).expect(200);
    expect(stored.body.priceCents).toBe(130);
    expect(stored.headers['etag']).toBe(current);
  });

  it('keeps the list cache coherent: a refused PATCH leaves the list as it was, an applied one changes it', async () => {
    const tag = await create('Nectarine');
    const id = (await list('?q=Nectarine')).body.data[0].id as number;
    const listTag = (await list('?q=Nectarine')).headers['etag'] as string;
    const conditional = (ifMatch: string) =>
      request(t.app)
        .patch(url(id))
        .set('Authorization', bearer(editor))
        .set('If-Match', ifMatch)
        .send({ priceCents: 140 });
    expectProblem(await conditional('"stale"'), 412);
    await request(t.app)
      .get('/api/v1/products?q=Nectarine')
      .set('If-None-Match', listTag)
      .expect(304);
    await conditional(tag).expect(200);
    const after = await request(t.app)
      .get('/api/v1/products?q=Nectarine')
      .set('If-None-Match', listTag)
      .expect(200);
    expect(after.body.data[0].priceCents).toBe(140);
  });
});

describe('DELETE /products/:id', () => {
  it('is for admins only: 204 for an admin, 403 for an editor, then 404', async () => {
    const created = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ name: 'Grape', priceCents: 10 })
      .expect(201);
    const path = `/api/v1/products/${created.body.id}`;
    expectProblem(await request(t.app).delete(path).set('Authorization', bearer(editor)), 403);
    await request(t.app).delete(path).set('Authorization', bearer(admin)).expect(204);
    expectProblem(await request(t.app).delete(path).set('Authorization', bearer(admin)), 404);
  });
});
