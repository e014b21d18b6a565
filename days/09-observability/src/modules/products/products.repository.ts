import type { Statement } from 'better-sqlite3';
import type { Clock } from '../../core/clock';
import { type Database, inImmediateTransaction, translateErrors } from '../../core/db/database';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import { type Product, type ProductRow, toProduct } from './products.mapper';

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
  list(page: PageRequest): Promise<{ items: Product[]; total: number }>;
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
const DUPLICATE_NAME = 'A product with this name already exists';

// Field to column. Only these names ever reach the SQL text; values are bound parameters.
const COLUMNS = [
  ['name', 'name'],
  ['description', 'description'],
  ['priceCents', 'price_cents'],
] as const satisfies readonly (readonly [keyof ProductInput, string])[];

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
    const page = db.prepare('SELECT * FROM products ORDER BY id LIMIT ? OFFSET ?');
    const count = db.prepare('SELECT COUNT(*) AS n FROM products');
    // One read transaction around both: they read one snapshot of the table, so a write that
    // another process commits meanwhile is in both answers or in neither.
    this.pageAndTotal = db.transaction((limit: number, offset: number) => {
      const rows = page.all(limit, offset) as ProductRow[];
      const { n } = count.get() as { n: number };
      return { items: rows.map(toProduct), total: n };
    });
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

  async list(page: PageRequest): Promise<{ items: Product[]; total: number }> {
    return this.pageAndTotal(page.limit, offsetOf(page));
  }

  async search(text: string): Promise<Product[]> {
    // % and _ are LIKE wildcards: escape them so "100%" matches the text "100%".
    const q = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (this.matching.all({ q }) as ProductRow[]).map(toProduct);
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

  /** Prepared once per distinct SQL text; the column allowlist bounds how many there are. */
  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
