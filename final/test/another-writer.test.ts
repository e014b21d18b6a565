// Reads and conditional writes while another process writes to the same SQLite file at the
// worst moment. better-sqlite3 calls a connection's `verbose` function just before it runs each
// statement, so a second connection (the "other process") can try its write before any one
// statement of the operation; each position runs on a fresh file. The operation must never see
// a mix of before and after: a page and its total from one snapshot (Day 5, 5.5), and an
// If-Match check and its write as one atomic step (Day 5, 5.4).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { seedDemoData } from '../src/core/db/seed';
import { PreconditionFailedError } from '../src/core/errors/app-error';
import { SqlitePostsRepository } from '../src/modules/posts/posts.repository';
import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { ProductsService } from '../src/modules/products/products.service';
import { TestClock } from './helpers/test-clock';

interface Run<R> {
  readonly result: R | Error;
  /** The statement the other process wrote before (1-based), or 0 when it never tried. */
  readonly before: number;
  /** Whether its write committed (false: SQLITE_BUSY, the operation held the lock). */
  readonly committed: boolean;
}

/** Runs `operation` alone, then once with the other write before each of its statements. */
async function inEveryInterleaving<R>(
  prepare: (db: Database) => void,
  operation: (db: Database) => Promise<R>,
  otherWrite: (other: Database) => void,
): Promise<Run<R>[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'another-writer-'));
  const runOnce = async (before: number) => {
    const file = path.join(dir, `run-${before}.db`);
    let armed = false;
    let statements = 0;
    let committed = false;
    const other = new BetterSqlite3(file, { timeout: 0 });
    const db = new BetterSqlite3(file, {
      verbose: () => {
        if (!armed || ++statements !== before) return;
        try {
          otherWrite(other);
          committed = true;
        } catch (error) {
          if (!/^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code))) {
            throw error;
          }
        }
      },
    });
    try {
      migrate(db);
      prepare(db);
      armed = true;
      const result = await operation(db).catch((error: Error) => error);
      armed = false;
      return { run: { result, before, committed }, statements };
    } finally {
      other.close();
      db.close();
    }
  };
  try {
    const alone = await runOnce(0);
    const runs = [alone.run];
    for (let before = 1; before <= alone.statements; before++)
      runs.push((await runOnce(before)).run);
    return runs;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const clock = new TestClock();
const page = (n: number, limit: number) => ({ page: n, limit });

describe('a page and its total describe one snapshot, whoever writes meanwhile', () => {
  it('products: never the page before a delete with the total after it, or the reverse', async () => {
    const runs = await inEveryInterleaving(
      seedDemoData,
      async (db) => {
        const { items, total } = await new SqliteProductsRepository(db, clock).list(
          { sort: 'createdAt' },
          page(1, 2),
        );
        return { ids: items.map((p) => p.id), total };
      },
      (other) => other.prepare('DELETE FROM products WHERE id = 1').run(),
    );
    expect(runs.length).toBeGreaterThan(2);
    for (const { result, before, committed } of runs) {
      const expected = committed ? { ids: [2, 3], total: 3 } : { ids: [1, 2], total: 4 };
      expect({ before, result }).toEqual({ before, result: expected });
    }
  });

  it('posts: the same for an author list while another process publishes a post', async () => {
    const insertPost = (db: Database, id: number, status: string) =>
      db
        .prepare(
          `INSERT INTO posts (id, title, body, status, author_id, created_at, updated_at)
           VALUES (?, 'Title', 'Body', ?, 1, ?, ?)`,
        )
        .run(id, status, `2030-01-0${id}T00:00:00.000Z`, `2030-01-0${id}T00:00:00.000Z`);
    const runs = await inEveryInterleaving(
      (db) => {
        db.prepare(
          `INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at)
           VALUES (1, 'a@example.com', 'A', 'x', 'user', '2030-01-01', '2030-01-01')`,
        ).run();
        for (const id of [1, 2, 3]) insertPost(db, id, 'published');
      },
      async (db) => {
        const posts = new SqlitePostsRepository(db, clock);
        const { items, total } = await posts.listByAuthor(1, false, page(1, 2));
        return { ids: items.map((p) => p.id), total };
      },
      (other) => insertPost(other, 4, 'published'),
    );
    for (const { result, before, committed } of runs) {
      const expected = committed ? { ids: [4, 3], total: 4 } : { ids: [3, 2], total: 3 };
      expect({ before, result }).toEqual({ before, result: expected });
    }
  });
});

describe('If-Match: the check and the write are one atomic step', () => {
  it('refuses the change (412) when another process changed the product before the check, and never writes over a change it did not see', async () => {
    const runs = await inEveryInterleaving(
      seedDemoData,
      async (db) => {
        const products = new ProductsService(new SqliteProductsRepository(db, clock));
        // The client read the product at 4500 cents; its change is based on that version.
        return products.update(
          2,
          { name: 'Laptop stand, black' },
          (current) => current.priceCents === 4500,
        );
      },
      (other) => other.prepare('UPDATE products SET price_cents = 9999 WHERE id = 2').run(),
    );
    expect(runs.filter((run) => run.committed).length).toBeGreaterThan(0);
    for (const { result, before, committed } of runs) {
      if (committed) {
        expect({ before, refused: result instanceof PreconditionFailedError }).toEqual({
          before,
          refused: true,
        });
      } else {
        // The other write had to wait for the lock: the change applied to the version read.
        expect({ before, result }).toEqual({
          before,
          result: expect.objectContaining({ name: 'Laptop stand, black', priceCents: 4500 }),
        });
      }
    }
  });
});
