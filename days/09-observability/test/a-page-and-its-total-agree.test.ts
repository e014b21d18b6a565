import assert from 'node:assert/strict';
import request from 'supertest';
import type { Database } from '../src/core/db/database';
import { describeInterleaving, inEveryInterleaving } from './another-process';
import { testApp } from './helpers';

/** What a client of GET /products reads: the ids on the page, and the total it reports. */
interface Page {
  readonly ids: number[];
  readonly total: unknown;
}

/**
 * Lists one page while another process changes the table between any two statements, and
 * expects the page to describe the table either before the change or after it, never a mix.
 */
async function listWhileAnotherProcessWrites(options: {
  query: string;
  change: string;
  otherProcess: (other: Database) => void;
  before: Page;
  after: Page;
}) {
  await inEveryInterleaving({
    setup: async ({ db }) => testApp({ db }),
    operation: async (_scene, app) => {
      const res = await request(app).get(`/api/v1/products?${options.query}`);
      assert.equal(res.status, 200, `GET /api/v1/products?${options.query} answered ${res.status}`);
      const page: Page = {
        ids: res.body.data.map((product: { id: number }) => product.id),
        total: res.body.page.total,
      };
      return page;
    },
    otherProcess: options.otherProcess,
    check: (page, interleaving) => {
      const shown = `ids [${page.ids.join(', ')}] with total ${String(page.total)}`;
      const one = (p: Page) => `ids [${p.ids.join(', ')}] with total ${String(p.total)}`;
      const agrees = (p: Page) => JSON.stringify(p) === JSON.stringify(page);
      if (interleaving.committed) {
        assert.ok(
          agrees(options.before) || agrees(options.after),
          `GET /api/v1/products?${options.query}: ${describeInterleaving(interleaving)} ` +
            `(it ${options.change}). The answer showed ${shown}: the page and the total describe ` +
            `different moments. Before the change the answer is ${one(options.before)}, after it ` +
            `${one(options.after)}: read both from one snapshot of the table.`,
        );
      } else {
        assert.ok(
          agrees(options.before),
          `GET /api/v1/products?${options.query} (${describeInterleaving(interleaving)}) ` +
            `should answer ${one(options.before)}; it answered ${shown}`,
        );
      }
    },
  });
}

describe('a page and its total come from one snapshot of the table', () => {
  it('never mixes the table before and after another process deletes a product', async () => {
    const deleteProduct1 = (other: Database) => {
      other.prepare('DELETE FROM products WHERE id = 1').run();
    };
    await listWhileAnotherProcessWrites({
      query: 'page=1&limit=2',
      change: 'deleted product 1',
      otherProcess: deleteProduct1,
      before: { ids: [1, 2], total: 4 },
      after: { ids: [2, 3], total: 3 },
    });
    // A page past the end still reports how many products there are.
    await listWhileAnotherProcessWrites({
      query: 'page=3&limit=2',
      change: 'deleted product 1',
      otherProcess: deleteProduct1,
      before: { ids: [], total: 4 },
      after: { ids: [], total: 3 },
    });
  });

  it('never mixes the table before and after another process adds a product', async () => {
    await listWhileAnotherProcessWrites({
      query: 'page=2&limit=3',
      change: 'added product 5',
      otherProcess: (other) => {
        other
          .prepare(
            `INSERT INTO products (name, price_cents, created_at, updated_at)
             VALUES ('Desk mat', 1900, '2026-02-20T00:00:00.000Z', '2026-02-20T00:00:00.000Z')`,
          )
          .run();
      },
      before: { ids: [4], total: 4 },
      after: { ids: [4, 5], total: 5 },
    });
  });
});
