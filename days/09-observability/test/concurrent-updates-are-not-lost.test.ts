import assert from 'node:assert/strict';
import request from 'supertest';
import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { ProductsService } from '../src/modules/products/products.service';
import { describeInterleaving, inEveryInterleaving } from './another-process';
import { EDITOR, manualClock, signIn, testApp, testDatabase } from './helpers';

describe('concurrent updates of one product are not lost', () => {
  it('keeps every change of updates that run at the same time, on each of two databases', async () => {
    const first = testDatabase();
    const second = testDatabase();
    const products = new SqliteProductsRepository(first, manualClock());
    const service = new ProductsService(new SqliteProductsRepository(second, manualClock()));
    // Every update starts before any finishes, as PATCH requests do when a service or a batch
    // job issues them together: each await inside one lets the others run.
    await Promise.all([
      products.update(2, { priceCents: 3900 }),
      products.update(2, { description: 'Aluminium, now with a cable tray' }),
      service.update(1, { name: 'Split keyboard' }),
      service.update(1, { description: 'Two halves' }),
      service.update(1, { priceCents: 18900 }),
    ]);

    const stored = (db: typeof first, id: number) =>
      db.prepare('SELECT name, description, price_cents FROM products WHERE id = ?').get(id);
    expect({
      '1. product 2, after a price and a description update (first database)': stored(first, 2),
      '2. product 1, after a name, a description and a price update (second database)': stored(
        second,
        1,
      ),
      '3. each database kept only its own updates': {
        'product 1 of the first database is unchanged':
          JSON.stringify(stored(first, 1)) ===
          JSON.stringify({
            name: 'Mechanical keyboard',
            description: 'Tenkeyless, hot-swappable switches',
            price_cents: 12900,
          }),
        'product 2 of the second database is unchanged':
          JSON.stringify(stored(second, 2)) ===
          JSON.stringify({
            name: 'Laptop stand',
            description: 'Aluminium, adjustable height',
            price_cents: 4500,
          }),
      },
    }).toEqual({
      '1. product 2, after a price and a description update (first database)': {
        name: 'Laptop stand',
        description: 'Aluminium, now with a cable tray',
        price_cents: 3900,
      },
      '2. product 1, after a name, a description and a price update (second database)': {
        name: 'Split keyboard',
        description: 'Two halves',
        price_cents: 18900,
      },
      '3. each database kept only its own updates': {
        'product 1 of the first database is unchanged': true,
        'product 2 of the second database is unchanged': true,
      },
    });
  });

  it('never writes back a value it read: a change another process commits meanwhile survives', async () => {
    const theirs = 'Changed by another process';
    await inEveryInterleaving({
      setup: async ({ db }) => {
        const app = await testApp({ db });
        // Logged in before, so the PATCH alone is observed.
        return { app, auth: await signIn(app, EDITOR) };
      },
      operation: async (_scene, { app, auth }) =>
        request(app)
          .patch('/api/v1/products/2')
          .set('Authorization', auth)
          .send({ priceCents: 3900 }),
      otherProcess: (other) => {
        other.prepare('UPDATE products SET description = ? WHERE id = 2').run(theirs);
      },
      check: (res, interleaving, scene) => {
        const row = scene.committed<{ description: string; price_cents: number }>(
          'SELECT description, price_cents FROM products WHERE id = 2',
        );
        assert.equal(res.status, 200, `PATCH {"priceCents":3900} answered ${res.status}`);
        assert.equal(row.price_cents, 3900, 'the PATCH did not store priceCents 3900');
        if (interleaving.committed) {
          assert.equal(
            row.description,
            theirs,
            `${describeInterleaving(interleaving)}: it set product 2's description to "${theirs}". ` +
              `Your PATCH only changed the price, yet the description is now "${row.description}" ` +
              'again: the update wrote back a value it had read before the other write, and the ' +
              'other change is lost. Change only the columns the caller sent, in the statement ' +
              'that changes them.',
          );
        }
      },
    });
  });
});
