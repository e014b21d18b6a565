import type { Clock } from '../../core/clock';
import { type Database, translateErrors } from '../../core/db/database';
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
  /** Changes only the given fields. Throws UniqueViolationError for a taken name. */
  update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined>;
  delete(id: number): Promise<boolean>;
}

/** What a client reads when the name is taken: the rule, not the index. */
const DUPLICATE_NAME = 'A product with this name already exists';

/**
 * Products in SQLite. Statements are prepared once, when the repository is built. Every write
 * translates SQLite's errors into the engine-neutral ones of core/db/errors.ts, once, here.
 */
export class SqliteProductsRepository implements ProductsRepository {
  private readonly page;
  private readonly count;
  private readonly matching;
  private readonly byId;
  private readonly insert;
  private readonly replace;
  private readonly remove;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.page = db.prepare('SELECT * FROM products ORDER BY id LIMIT ? OFFSET ?');
    this.count = db.prepare('SELECT COUNT(*) AS n FROM products');
    // The text is a bound parameter, never part of the SQL: no injection, one plan.
    this.matching = db.prepare(`
      SELECT * FROM products
      WHERE name LIKE @q ESCAPE '\\' OR description LIKE @q ESCAPE '\\'
      ORDER BY id`);
    this.byId = db.prepare('SELECT * FROM products WHERE id = ?');
    this.insert = db.prepare(`
      INSERT INTO products (name, description, price_cents, created_at, updated_at)
      VALUES (@name, @description, @priceCents, @now, @now) RETURNING *`);
    this.replace = db.prepare(`
      UPDATE products
      SET name = @name, description = @description, price_cents = @priceCents, updated_at = @now
      WHERE id = @id RETURNING *`);
    this.remove = db.prepare('DELETE FROM products WHERE id = ?');
  }

  async list(page: PageRequest): Promise<{ items: Product[]; total: number }> {
    // TODO(exercise 5.5): two statements, each reading its own snapshot of the table. Another
    // process can commit between them, and then the total does not describe the page.
    const rows = this.page.all(page.limit, offsetOf(page)) as ProductRow[];
    const { n } = this.count.get() as { n: number };
    return { items: rows.map(toProduct), total: n };
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

  async update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined> {
    // TODO(exercise 5.1): two updates of the same product at the same moment lose one of the
    // changes. This reads the row, awaits, merges and writes every column back: another
    // request (or process) that writes in between is overwritten with the values read before.
    const current = await this.findById(id);
    if (current === undefined) return undefined;
    const merged = { ...current, ...changes };
    const row = translateErrors(
      () =>
        this.replace.get({
          id,
          name: merged.name,
          description: merged.description,
          priceCents: merged.priceCents,
          now: this.now(),
        }) as ProductRow | undefined,
      DUPLICATE_NAME,
    );
    return row && toProduct(row);
  }

  async delete(id: number): Promise<boolean> {
    return translateErrors(() => this.remove.run(id).changes === 1);
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
