import type { Clock } from '../../core/clock';
import { type PostgresDatabase, first, withUniqueMessage } from '../../core/db/postgres';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import { type Product, type ProductRow, toProduct } from './products.mapper';
import {
  COLUMNS,
  DUPLICATE_NAME,
  type ProductFilter,
  type ProductInput,
  type ProductSort,
  type ProductsRepository,
  likePattern,
} from './products.repository';

// As in SQLite, a fixed clause per sort. lower(name) orders names as SQLite's COLLATE NOCASE
// column does: case does not decide the order.
const ORDER_BY: Record<ProductSort, string> = {
  name: 'lower(name) ASC, id ASC',
  '-name': 'lower(name) DESC, id DESC',
  priceCents: 'price_cents ASC, id ASC',
  '-priceCents': 'price_cents DESC, id DESC',
  createdAt: 'created_at ASC, id ASC',
  '-createdAt': 'created_at DESC, id DESC',
};

/** Products on PostgreSQL: the same contract as SqliteProductsRepository. */
export class PostgresProductsRepository implements ProductsRepository {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async version(): Promise<number> {
    const { rows } = await this.db.query<{ version: number }>(
      `SELECT version FROM data_versions WHERE name = 'products'`,
    );
    return first(rows).version;
  }

  async list(
    filter: ProductFilter,
    page: PageRequest,
  ): Promise<{ items: Product[]; total: number }> {
    // Only fixed fragments reach the SQL text; every value is a bound parameter ($n).
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.q !== undefined) {
      params.push(likePattern(filter.q));
      where.push(
        `(name ILIKE $${params.length} ESCAPE '\\' OR description ILIKE $${params.length} ESCAPE '\\')`,
      );
    }
    if (filter.minPriceCents !== undefined) {
      params.push(filter.minPriceCents);
      where.push(`price_cents >= $${params.length}`);
    }
    if (filter.maxPriceCents !== undefined) {
      params.push(filter.maxPriceCents);
      where.push(`price_cents <= $${params.length}`);
    }
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const limit = params.length + 1;
    // REPEATABLE READ: the page and the total read one snapshot, whoever writes meanwhile.
    return this.db.transaction(
      async (tx) => {
        const { rows } = await tx.query<ProductRow>(
          `SELECT * FROM products ${whereSql} ORDER BY ${ORDER_BY[filter.sort]} LIMIT $${limit} OFFSET $${limit + 1}`,
          [...params, page.limit, offsetOf(page)],
        );
        const { rows: count } = await tx.query<{ n: number }>(
          `SELECT COUNT(*)::integer AS n FROM products ${whereSql}`,
          params,
        );
        return { items: rows.map(toProduct), total: first(count).n };
      },
      { isolation: 'repeatable read', readOnly: true },
    );
  }

  async search(text: string): Promise<Product[]> {
    const { rows } = await this.db.query<ProductRow>(
      `SELECT * FROM products
       WHERE name ILIKE $1 ESCAPE '\\' OR description ILIKE $1 ESCAPE '\\'
       ORDER BY id`,
      [likePattern(text)],
    );
    return rows.map(toProduct);
  }

  async findById(id: number): Promise<Product | undefined> {
    const { rows } = await this.db.query<ProductRow>('SELECT * FROM products WHERE id = $1', [id]);
    return rows[0] && toProduct(rows[0]);
  }

  async create(input: ProductInput): Promise<Product> {
    const insert = this.db.query<ProductRow>(
      `INSERT INTO products (name, description, price_cents, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) RETURNING *`,
      [input.name, input.description, input.priceCents, this.now()],
    );
    return toProduct(first((await withUniqueMessage(insert, DUPLICATE_NAME)).rows));
  }

  async update(
    id: number,
    changes: Partial<ProductInput>,
    check?: (current: Product) => void,
  ): Promise<Product | undefined> {
    // The column-list UPDATE of SQLite, with numbered parameters.
    const sent = COLUMNS.filter(([field]) => changes[field] !== undefined);
    const values: unknown[] = sent.map(([field]) => changes[field]);
    const assignments = sent.map(([, column], i) => `${column} = $${i + 1}`);
    values.push(this.now(), id);
    assignments.push(`updated_at = $${values.length - 1}`);
    const updateSql = `UPDATE products SET ${assignments.join(', ')} WHERE id = $${values.length} RETURNING *`;

    const work = this.db.transaction(async (tx) => {
      if (check !== undefined) {
        // FOR UPDATE holds the row from this read to the commit: another instance's write to
        // it waits, so what `check` approved is what gets overwritten. What `check` throws
        // rolls the transaction back and reaches the caller unchanged.
        const { rows } = await tx.query<ProductRow>(
          'SELECT * FROM products WHERE id = $1 FOR UPDATE',
          [id],
        );
        if (rows[0] === undefined) return undefined;
        check(toProduct(rows[0]));
      }
      const { rows } = await tx.query<ProductRow>(updateSql, values);
      return rows[0] && toProduct(rows[0]);
    });
    return withUniqueMessage(work, DUPLICATE_NAME);
  }

  async delete(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM products WHERE id = $1', [id]);
    return rowCount === 1;
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
