import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import { type Database, translateErrors } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import {
  PRODUCT_COLUMNS,
  type Product,
  type ProductRow,
  type ProductTuple,
  toProduct,
  tupleToProduct,
} from './products.mapper';

export const PRODUCT_SORTS = [
  'name',
  '-name',
  'priceCents',
  '-priceCents',
  'createdAt',
  '-createdAt',
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const DUPLICATE_NAME = 'A product with this name already exists';

export interface ProductFilter {
  readonly q?: string;
  readonly minPriceCents?: number;
  readonly maxPriceCents?: number;
  readonly sort: ProductSort;
}

export interface ProductInput {
  readonly name: string;
  readonly description: string;
  readonly priceCents: number;
}

export interface ProductsRepository {
  /**
   * A number that grows with every committed write to the products, from any connection:
   * equal versions mean equal data (see ListCache).
   */
  version(): Promise<number>;
  list(filter: ProductFilter, page: PageRequest): Promise<{ items: Product[]; total: number }>;
  /** Every product whose name or description contains `text` (case-insensitive), by id. */
  search(text: string): Promise<Product[]>;
  findById(id: number): Promise<Product | undefined>;
  create(input: ProductInput): Promise<Product>;
  update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined>;
  delete(id: number): Promise<boolean>;
}

// The sort parameter selects one of these fixed clauses; user input never reaches the SQL.
// `id` breaks ties so pages are stable.
const ORDER_BY: Record<ProductSort, string> = {
  name: 'name ASC, id ASC',
  '-name': 'name DESC, id DESC',
  priceCents: 'price_cents ASC, id ASC',
  '-priceCents': 'price_cents DESC, id DESC',
  createdAt: 'created_at ASC, id ASC',
  '-createdAt': 'created_at DESC, id DESC',
};

const COLUMNS: Record<keyof ProductInput, string> = {
  name: 'name',
  description: 'description',
  priceCents: 'price_cents',
};

export class SqliteProductsRepository implements ProductsRepository {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async version(): Promise<number> {
    return this.statement(
      `SELECT version FROM data_versions WHERE name = 'products'`,
      'pluck',
    ).get() as number;
  }

  async list(
    filter: ProductFilter,
    page: PageRequest,
  ): Promise<{ items: Product[]; total: number }> {
    const where: string[] = [];
    const params: Record<string, string | number> = {};
    if (filter.q !== undefined) {
      where.push(`(name LIKE @q ESCAPE '\\' OR description LIKE @q ESCAPE '\\')`);
      params['q'] = likePattern(filter.q);
    }
    if (filter.minPriceCents !== undefined) {
      where.push('price_cents >= @minPriceCents');
      params['minPriceCents'] = filter.minPriceCents;
    }
    if (filter.maxPriceCents !== undefined) {
      where.push('price_cents <= @maxPriceCents');
      params['maxPriceCents'] = filter.maxPriceCents;
    }
    const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // Rows as arrays (`raw`), mapped straight to products: one object per row, not two.
    const rows = this.statement(
      `SELECT ${PRODUCT_COLUMNS} FROM products ${whereSql} ORDER BY ${ORDER_BY[filter.sort]} LIMIT @limit OFFSET @offset`,
      'raw',
    ).all({ ...params, limit: page.limit, offset: offsetOf(page) }) as ProductTuple[];
    const items = new Array<Product>(rows.length);
    for (let i = 0; i < rows.length; i++) items[i] = tupleToProduct(rows[i]!);
    const total = this.statement(`SELECT COUNT(*) FROM products ${whereSql}`, 'pluck').get(
      params,
    ) as number;
    return { items, total };
  }

  async search(text: string): Promise<Product[]> {
    const rows = this.statement(
      `SELECT ${PRODUCT_COLUMNS} FROM products
       WHERE name LIKE @q ESCAPE '\\' OR description LIKE @q ESCAPE '\\' ORDER BY id`,
      'raw',
    ).all({ q: likePattern(text) }) as ProductTuple[];
    return rows.map(tupleToProduct);
  }

  async findById(id: number): Promise<Product | undefined> {
    const row = this.statement('SELECT * FROM products WHERE id = ?').get(id) as
      | ProductRow
      | undefined;
    return row && toProduct(row);
  }

  async create(input: ProductInput): Promise<Product> {
    const now = this.now();
    const row = translateErrors(
      () =>
        this.statement(`
          INSERT INTO products (name, description, price_cents, created_at, updated_at)
          VALUES (@name, @description, @priceCents, @now, @now) RETURNING *`).get({
          ...input,
          now,
        }),
      DUPLICATE_NAME,
    ) as ProductRow;
    return toProduct(row);
  }

  async update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined> {
    const fields = (Object.keys(COLUMNS) as (keyof ProductInput)[]).filter(
      (field) => changes[field] !== undefined,
    );
    const assignments = [
      ...fields.map((field) => `${COLUMNS[field]} = @${field}`),
      'updated_at = @now',
    ];
    // One statement that changes only the given columns: no read-modify-write, nothing to lose.
    const row = translateErrors(
      () =>
        this.statement(
          `UPDATE products SET ${assignments.join(', ')} WHERE id = @id RETURNING *`,
        ).get({
          ...Object.fromEntries(fields.map((field) => [field, changes[field]])),
          id,
          now: this.now(),
        }),
      DUPLICATE_NAME,
    ) as ProductRow | undefined;
    return row && toProduct(row);
  }

  async delete(id: number): Promise<boolean> {
    return translateErrors(
      () => this.statement('DELETE FROM products WHERE id = ?').run(id).changes === 1,
    );
  }

  /**
   * Prepared once per distinct SQL text; the set of texts is bounded by the allowlists.
   * `raw` returns rows as arrays, `pluck` the first column of each row.
   */
  private statement(sql: string, mode?: 'raw' | 'pluck'): Statement {
    const key = mode === undefined ? sql : `${mode}:${sql}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (mode === 'raw') statement.raw(true);
      if (mode === 'pluck') statement.pluck(true);
      this.statements.set(key, statement);
    }
    return statement;
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

/** `%text%` with LIKE's own wildcards escaped, so "100%" matches the text "100%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
