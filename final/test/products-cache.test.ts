import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { openDatabase } from '../src/core/db/database';
import { bearer, createTestApp, type TestApp, signIn } from './helpers/test-app';

// The public product list is served from a cache of serialized responses (ListCache), keyed
// on the products' data version. These tests prove it never serves a list that misses a
// committed write, whoever wrote it.

const names = (res: request.Response) => (res.body.data as { name: string }[]).map((p) => p.name);

describe('the cached product list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('shows every create, update and delete on the very next request', async () => {
    const admin = await signIn(t, 'admin');
    const write = (method: 'post' | 'patch' | 'delete', url: string, body?: object) =>
      request(t.app)
        [method](`/api/v1/products${url}`)
        .set('Authorization', bearer(admin))
        .send(body);

    expect(names(await request(t.app).get('/api/v1/products').expect(200))).toEqual([]);
    const created = await write('post', '', { name: 'Kettle', priceCents: 2500 }).expect(201);
    expect(names(await request(t.app).get('/api/v1/products').expect(200))).toEqual(['Kettle']);
    await write('patch', `/${created.body.id}`, { name: 'Teapot' }).expect(200);
    expect(names(await request(t.app).get('/api/v1/products').expect(200))).toEqual(['Teapot']);
    await write('delete', `/${created.body.id}`).expect(204);
    const after = await request(t.app).get('/api/v1/products').expect(200);
    expect(names(after)).toEqual([]);
    expect(after.body.page).toEqual({ page: 1, limit: 20, total: 0, totalPages: 0 });
  });

  it('answers like res.json: JSON content type, length, ETag, and 304 for a matching If-None-Match', async () => {
    const first = await request(t.app).get('/api/v1/products?limit=5').expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(first.headers['content-length'])).toBe(Buffer.byteLength(first.text));
    expect(first.headers['etag']).toMatch(/^W\/"/);
    const again = await request(t.app).get('/api/v1/products?limit=5').expect(200);
    expect(again.headers['etag']).toBe(first.headers['etag']);
    await request(t.app)
      .get('/api/v1/products?limit=5')
      .set('If-None-Match', first.headers['etag']!)
      .expect(304);
    const head = await request(t.app).head('/api/v1/products?limit=5').expect(200);
    expect(head.text).toBeUndefined();
  });

  it('keys entries on the whole validated query', async () => {
    const admin = await signIn(t, 'admin');
    for (const [name, priceCents] of [
      ['Cup', 300],
      ['Mug', 900],
    ] as const) {
      await request(t.app)
        .post('/api/v1/products')
        .set('Authorization', bearer(admin))
        .send({ name, priceCents })
        .expect(201);
    }
    const get = async (query: string) =>
      names(await request(t.app).get(`/api/v1/products${query}`).expect(200));
    expect(await get('?sort=name')).toEqual(['Cup', 'Mug']);
    expect(await get('?sort=-name')).toEqual(['Mug', 'Cup']);
    expect(await get('?sort=name&minPriceCents=500')).toEqual(['Mug']);
    expect(await get('?sort=name&q=cu')).toEqual(['Cup']);
    expect(await get('?sort=name&limit=1&page=2')).toEqual(['Mug']);
    // Same values, spelled differently: the same entry.
    expect(await get('?limit=1&sort=name&page=2')).toEqual(['Mug']);
  });
});

describe('the cached product list with several instances on one database file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'products-cache-'));
  const file = path.join(dir, 'app.db');
  let instances: TestApp[] = [];
  beforeAll(async () => {
    // Two applications, built as two processes would build them, on one database file.
    instances = [
      await createTestApp({ env: { DB_PATH: file } }),
      await createTestApp({ env: { DB_PATH: file } }),
    ];
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves a write committed by another instance at once', async () => {
    const [a, b] = instances as [TestApp, TestApp];
    expect(names(await request(b.app).get('/api/v1/products').expect(200))).toEqual([]);
    await a.deps.services.products.create({ name: 'Lamp', description: '', priceCents: 4000 });
    expect(names(await request(b.app).get('/api/v1/products').expect(200))).toEqual(['Lamp']);
  });

  it('serves a write made outside the app (a shell on the same file) at once', async () => {
    const [, b] = instances as [TestApp, TestApp];
    expect(names(await request(b.app).get('/api/v1/products').expect(200))).toEqual(['Lamp']);
    const shell = openDatabase(file);
    shell.prepare(`UPDATE products SET name = 'Desk lamp' WHERE name = 'Lamp'`).run();
    await shell.close();
    expect(names(await request(b.app).get('/api/v1/products').expect(200))).toEqual(['Desk lamp']);
  });
});
