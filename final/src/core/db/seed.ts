import { type Database, inImmediateTransaction } from './database';

export const DEMO_PRODUCTS_AT = '2026-01-15T09:00:00.000Z';

/** Demo products for development and tests; ids 1-4 are what requests.http refers to. */
export const DEMO_PRODUCTS = [
  [1, 'Mechanical keyboard', 'Tenkeyless, hot-swappable switches', 12900],
  [2, 'Laptop stand', 'Aluminium, adjustable height', 4500],
  [3, 'USB-C hub', 'Seven ports, 100 W pass-through charging', 3900],
  [4, 'Noise-cancelling headphones', 'Over-ear, 30 hours of battery', 24900],
] as const;

/**
 * Inserts the demo products into an empty table; does nothing once there is data. The count
 * and the inserts run under one write lock: two development servers started on the same file
 * cannot both find the table empty and both insert.
 */
export function seedDemoData(db: Database): void {
  const insert = db.prepare(`
    INSERT INTO products (id, name, description, price_cents, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?)`);
  inImmediateTransaction(db, () => {
    const { n } = db.prepare('SELECT COUNT(*) AS n FROM products').get() as { n: number };
    if (n > 0) return;
    for (const [id, name, description, priceCents] of DEMO_PRODUCTS) {
      insert.run(id, name, description, priceCents, DEMO_PRODUCTS_AT, DEMO_PRODUCTS_AT);
    }
  });
}
