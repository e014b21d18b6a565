import request from 'supertest';
import { createApp } from '../src/app';
import { openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { migrations } from '../src/core/db/migrations';
import { testDatabase, testDeps } from './helpers';

describe('migrations', () => {
  it('applies every migration once, in order, and records it', () => {
    const db = openDatabase(':memory:');
    try {
      expect(migrate(db)).toEqual({ applied: [1], currentVersion: 1 });
      expect(migrate(db)).toEqual({ applied: [], currentVersion: 1 });
      const recorded = db.prepare('SELECT version, name FROM schema_migrations').all();
      expect(recorded).toEqual([{ version: 1, name: 'initial-schema' }]);
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

  it('applies a failing migration not at all: each runs in a transaction', () => {
    const db = openDatabase(':memory:');
    try {
      const broken = [
        ...migrations,
        { version: 2, name: 'broken', sql: 'CREATE TABLE t (x INTEGER); SELECT * FROM nope;' },
      ];
      expect(() => migrate(db, broken)).toThrow(/no such table/);
      const tables = db.prepare(`SELECT name FROM sqlite_master WHERE name = 't'`).all();
      expect(tables).toEqual([]);
      expect(migrate(db)).toEqual({ applied: [], currentVersion: 1 });
    } finally {
      db.close();
    }
  });
});

describe('products in SQLite', () => {
  it('keeps data in the injected database: a second app on the same db sees it', async () => {
    const db = testDatabase();
    await request(createApp(testDeps({ db })))
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900 })
      .expect(201);
    const res = await request(createApp(testDeps({ db }))).get('/api/v1/products/5');
    expect(res.body).toMatchObject({ id: 5, name: 'Desk mat', priceCents: 1900 });
  });

  it('shares nothing between apps built on different databases', async () => {
    await request(createApp(testDeps()))
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900 })
      .expect(201);
    expect((await request(createApp(testDeps())).get('/api/v1/products')).body.page.total).toBe(4);
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

  it('searches with bound parameters: LIKE wildcards in the text match literally', async () => {
    const app = createApp(testDeps());
    await request(app).post('/api/v1/products').send({ name: '100% wool', priceCents: 100 });
    const res = await request(app).get('/api/v1/products/search?q=100%25');
    expect(res.body.data.map((p: { name: string }) => p.name)).toEqual(['100% wool']);
  });
});
