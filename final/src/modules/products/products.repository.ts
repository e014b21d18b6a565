import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import { type Database, inImmediateTransaction, translateErrors } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import {
  PRODUCT_COLUMNS,
  type Product,
  type ProductRow,
  type ProductTuple,
  toProduct,
  tupleToProduct,
} from './products.mapper';

/** The orders a client may ask the list for; a leading '-' is descending. */
export const PRODUCT_SORTS = [
  'name',
  '-name',
  'priceCents',
  '-priceCents',
  'createdAt',
  '-createdAt',
] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** Which products a list page shows, and in which order. */
export interface ProductFilter {
  readonly q?: string;
  readonly minPriceCents?: number;
  readonly maxPriceCents?: number;
  readonly sort: ProductSort;
}

/** What a client may set. id and the timestamps belong to the server. */
export interface ProductInput {
  readonly name: string;
  readonly description: string;
  readonly priceCents: number;
}

/**
 * Data access for products. Still async although better-sqlite3 is synchronous: callers were
 * written against this interface on Day 2 and did not change when SQLite replaced the Map,
 * and a server database (a network round trip per query) could implement it unchanged.
 */
export interface ProductsRepository {
  /**
   * A number that grows with every committed write to the products, from any connection:
   * equal versions mean equal data (see ListCache).
   */
  version(): Promise<number>;
  list(filter: ProductFilter, page: PageRequest): Promise<{ items: Product[]; total: number }>;
  /** Case-insensitive match on name or description. */
  search(text: string): Promise<Product[]>;
  findById(id: number): Promise<Product | undefined>;
  /** Throws UniqueViolationError when another product already has the name. */
  create(input: ProductInput): Promise<Product>;
  /**
   * Changes only the given fields. `check`, when given, receives the product as stored at the
   * moment of the write, in one atomic step with it: what `check` throws cancels the write.
   * Throws UniqueViolationError for a taken name.
   */
  update(
    id: number,
    changes: Partial<ProductInput>,
    check?: (current: Product) => void,
  ): Promise<Product | undefined>;
  delete(id: number): Promise<boolean>;
}

/** What a client reads when the name is taken: the rule, not the index. */
export const DUPLICATE_NAME = 'A product with this name already exists';

// Field to column. Only these names ever reach the SQL text; values are bound parameters.
export const COLUMNS = [
  ['name', 'name'],
  ['description', 'description'],
  ['priceCents', 'price_cents'],
] as const satisfies readonly (readonly [keyof ProductInput, string])[];

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

/**
 * Products in SQLite. Statements are prepared once, when the repository is built. Every write
 * translates SQLite's errors into the engine-neutral ones of core/db/errors.ts, once, here.
 */
export class SqliteProductsRepository implements ProductsRepository {
  private readonly pageAndTotal;
  private readonly matching;
  private readonly byId;
  private readonly insert;
  private readonly statements = new Map<string, Statement>();
  private readonly remove;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    // One read transaction around both: they read one snapshot of the table, so a write that
    // another process commits meanwhile is in both answers or in neither.
    this.pageAndTotal = db.transaction(
      (
        page: Statement,
        count: Statement,
        params: Record<string, string | number>,
        at: PageRequest,
      ) => {
        const rows = page.all({
          ...params,
          limit: at.limit,
          offset: offsetOf(at),
        }) as ProductTuple[];
        const total: unknown = count.get(params);
        return { items: rows.map(tupleToProduct), total: Number(total) };
      },
    );
    // The text is a bound parameter, never part of the SQL: no injection, one plan.
    this.matching = db.prepare(`
      SELECT * FROM products
      WHERE name LIKE @q ESCAPE '\\' OR description LIKE @q ESCAPE '\\'
      ORDER BY id`);
    this.byId = db.prepare('SELECT * FROM products WHERE id = ?');
    this.insert = db.prepare(`
      INSERT INTO products (name, description, price_cents, created_at, updated_at)
      VALUES (@name, @description, @priceCents, @now, @now) RETURNING *`);
    this.remove = db.prepare('DELETE FROM products WHERE id = ?');
  }

  async version(): Promise<number> {
    const version: unknown = this.statement(
      `SELECT version FROM data_versions WHERE name = 'products'`,
      'pluck',
    ).get();
    return Number(version);
  }

  async list(
    filter: ProductFilter,
    page: PageRequest,
  ): Promise<{ items: Product[]; total: number }> {
    // Only fixed fragments reach the SQL text; every value is a bound parameter.
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
    return this.pageAndTotal(
      this.statement(
        `SELECT ${PRODUCT_COLUMNS} FROM products ${whereSql} ORDER BY ${ORDER_BY[filter.sort]} LIMIT @limit OFFSET @offset`,
        'raw',
      ),
      this.statement(`SELECT COUNT(*) FROM products ${whereSql}`, 'pluck'),
      params,
      page,
    );
  }

  async search(text: string): Promise<Product[]> {
    return (this.matching.all({ q: likePattern(text) }) as ProductRow[]).map(toProduct);
  }

  async findById(id: number): Promise<Product | undefined> {
    const row = this.byId.get(id) as ProductRow | undefined;
    return row && toProduct(row);
  }

  async create(input: ProductInput): Promise<Product> {
    const now = this.now();
    const row = translateErrors(
      () => this.insert.get({ ...input, now }) as ProductRow,
      DUPLICATE_NAME,
    );
    return toProduct(row);
  }

  async update(
    id: number,
    changes: Partial<ProductInput>,
    check?: (current: Product) => void,
  ): Promise<Product | undefined> {
    // One UPDATE that sets only the columns the client sent and returns the row as it now is.
    // Nothing is read and written back: another request or process can change other columns
    // before or after this statement, never in the middle of it.
    const sent = COLUMNS.filter(([field]) => changes[field] !== undefined);
    const assignments = [
      ...sent.map(([field, column]) => `${column} = @${field}`),
      'updated_at = @now',
    ];
    const write = () =>
      this.statement(
        `UPDATE products SET ${assignments.join(', ')} WHERE id = @id RETURNING *`,
      ).get({
        ...Object.fromEntries(sent.map(([field]) => [field, changes[field]])),
        id,
        now: this.now(),
      }) as ProductRow | undefined;
    const row = translateErrors(() => {
      if (check === undefined) return write();
      // A check needs the stored row: read it, check it and write under one write lock
      // (BEGIN IMMEDIATE), so no other connection can change the row in between. What `check`
      // throws rolls the transaction back and reaches the caller unchanged.
      return inImmediateTransaction(this.db, () => {
        const current = this.byId.get(id) as ProductRow | undefined;
        if (current === undefined) return undefined;
        check(toProduct(current));
        return write();
      });
    }, DUPLICATE_NAME);
    return row && toProduct(row);
  }

  async delete(id: number): Promise<boolean> {
    return translateErrors(() => this.remove.run(id).changes === 1);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  /**
   * Prepared once per distinct SQL text; the allowlists (columns, filters, sorts) bound how
   * many there are. `raw` returns rows as arrays, `pluck` the first column of each row.
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
}

/** `%text%` with LIKE's wildcards escaped: "100%" matches the text "100%", not "1000". */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
