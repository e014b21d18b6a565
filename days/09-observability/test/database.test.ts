import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { UniqueViolationError } from '../src/core/db/errors';
import { migrations } from '../src/core/db/migrations';
import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { EDITOR, addDemoUsers, manualClock, signIn, testApp, testDatabase } from './helpers';

describe('migrations', () => {
  it('applies every migration once, in order, and records it', () => {
    const db = openDatabase(':memory:');
    try {
      expect(migrate(db)).toEqual({ applied: [1, 2, 3, 4], currentVersion: 4 });
      expect(migrate(db)).toEqual({ applied: [], currentVersion: 4 });
      const recorded = db.prepare('SELECT version, name FROM schema_migrations').all();
      expect(recorded).toEqual([
        { version: 1, name: 'initial-schema' },
        { version: 2, name: 'users' },
        { version: 3, name: 'refresh-tokens' },
        { version: 4, name: 'posts' },
      ]);
    } finally {
      db.close();
    }
  });

  it('refuses to start when a released migration was edited', () => {
    const db = openDatabase(':memory:');
    try {
      migrate(db);
      const edited = migrations.map((m) => ({ ...m, sql: `${m.sql}\n-- edited` }));
      expect(() => migrate(db, edited)).toThrow(/changed after it was applied/);
    } finally {
      db.close();
    }
  });

  it('applies the pending migrations all or none: one transaction, under the write lock', () => {
    const db = openDatabase(':memory:');
    try {
      const broken = [
        ...migrations,
        { version: 5, name: 'broken', sql: 'CREATE TABLE t (x INTEGER); SELECT * FROM nope;' },
      ];
      expect(() => migrate(db, broken)).toThrow(/no such table/);
      const tables = db
        .prepare(`SELECT name FROM sqlite_master WHERE name IN ('t', 'products', 'users')`)
        .all();
      expect(tables).toEqual([]);
      expect(migrate(db)).toEqual({ applied: [1, 2, 3, 4], currentVersion: 4 });
    } finally {
      db.close();
    }
  });
});

describe('products in SQLite', () => {
  it('keeps data in the injected database: a second app on the same db sees it', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ name: 'Desk mat', priceCents: 1900 })
      .expect(201);
    const res = await request(await testApp({ db })).get('/api/v1/products/5');
    expect(res.body).toMatchObject({ id: 5, name: 'Desk mat', priceCents: 1900 });
  });

  it('shares nothing between apps built on different databases', async () => {
    const app = await testApp();
    await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ name: 'Desk mat', priceCents: 1900 })
      .expect(201);
    expect((await request(await testApp()).get('/api/v1/products')).body.page.total).toBe(4);
  });

  it('lets the UNIQUE index, not application code, refuse a duplicate name', () => {
    const db = testDatabase();
    expect(() =>
      db
        .prepare(
          `INSERT INTO products (name, price_cents, created_at, updated_at) VALUES ('LAPTOP STAND', 1, '', '')`,
        )
        .run(),
    ).toThrow(/UNIQUE constraint failed/);
  });

  it("reports a duplicate name in no engine's words, with the driver error as the cause", async () => {
    const repository = new SqliteProductsRepository(testDatabase(), manualClock());
    const failure = await repository
      .create({ name: 'laptop STAND', description: '', priceCents: 1 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UniqueViolationError);
    expect(failure).toMatchObject({
      message: 'A product with this name already exists',
      cause: expect.objectContaining({ code: 'SQLITE_CONSTRAINT_UNIQUE' }),
    });
  });

  it('does not resurrect a product deleted while an update was in flight', async () => {
    const products = new SqliteProductsRepository(testDatabase(), manualClock());
    await Promise.all([products.update(3, { priceCents: 1 }), products.delete(3)]);
    expect(await products.findById(3)).toBeUndefined();
  });

  it('returns the updated product from update, and undefined for a missing one', async () => {
    const products = new SqliteProductsRepository(testDatabase(), manualClock());
    expect(await products.update(4, { priceCents: 19900 })).toMatchObject({
      id: 4,
      name: 'Noise-cancelling headphones',
      priceCents: 19900,
    });
    expect(await products.update(99, { priceCents: 1 })).toBeUndefined();
  });

  it('searches with bound parameters: LIKE wildcards in the text match literally', async () => {
    const app = await testApp();
    await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ name: '100% wool', priceCents: 100 });
    const res = await request(app).get('/api/v1/products/search?q=100%25');
    expect(res.body.data.map((p: { name: string }) => p.name)).toEqual(['100% wool']);
  });
});

describe('openDatabase', () => {
  it('creates the folder of a new database file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-open-'));
    const file = path.join(dir, 'nested', 'data', 'app.db');
    try {
      openDatabase(file).close();
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a database locked by another connection', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'day5-busy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers a write that outlasts the busy timeout with 503 and Retry-After', async () => {
    const file = path.join(dir, 'app.db');
    // The application's connection gives up after 50 ms (openDatabase waits 5 s).
    const db = new BetterSqlite3(file, { timeout: 50 });
    const otherProcess = new BetterSqlite3(file);
    try {
      const app = await testApp({ db }); // migrates the file
      addDemoUsers(db);
      const auth = await signIn(app, EDITOR);
      otherProcess.exec('BEGIN IMMEDIATE'); // and now holds the write lock
      const res = await request(app)
        .post('/api/v1/products')
        .set('Authorization', auth)
        .send({ name: 'Desk mat', priceCents: 1900 });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.body).toMatchObject({
        title: 'Service Unavailable',
        detail: 'The database is busy; try again shortly',
      });
      expect(res.text).not.toMatch(/SQLITE|locked/i);
      // Reading still works: only writers wait for the lock.
      await request(app).get('/api/v1/products').expect(200);
    } finally {
      otherProcess.exec('ROLLBACK');
      otherProcess.close();
      db.close();
    }
  });
});
