import { DEMO_PRODUCTS, DEMO_PRODUCTS_AT } from './seed';
import type { PostgresDatabase } from './postgres';

/**
 * seedDemoData for PostgreSQL: the same products, inserted into an empty table only. The
 * advisory lock stands in for SQLite's write lock: two development instances starting together
 * cannot both find the table empty and both insert.
 */
export async function seedDemoDataPostgres(db: PostgresDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('seed-demo-data'))`);
    const { rows } = await tx.query<{ n: number }>('SELECT COUNT(*)::integer AS n FROM products');
    if ((rows[0]?.n ?? 0) > 0) return;
    for (const [id, name, description, priceCents] of DEMO_PRODUCTS) {
      await tx.query(
        `INSERT INTO products (id, name, description, price_cents, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5)`,
        [id, name, description, priceCents, DEMO_PRODUCTS_AT],
      );
    }
    // Explicit ids do not advance the identity: move it past them for the next insert.
    await tx.query(
      `SELECT setval(pg_get_serial_sequence('products', 'id'), max(id)) FROM products`,
    );
  });
}
