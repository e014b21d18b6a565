import type { Clock } from '../../core/clock';
import { UniqueViolationError } from '../../core/db/errors';
import { type PageRequest, offsetOf } from '../../core/http/pagination';

export interface Product {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** Money as integer cents: floats cannot represent 0.10 exactly. */
  readonly priceCents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What a client may set. id and the timestamps belong to the server. */
export interface ProductInput {
  readonly name: string;
  readonly description: string;
  readonly priceCents: number;
}

/**
 * Data access for products. The interface is async although today's store is a Map: callers
 * are written once against it, and a database-backed implementation replaces this one later
 * without touching a single handler.
 */
export interface ProductsRepository {
  list(page: PageRequest): Promise<{ items: Product[]; total: number }>;
  /** Case-insensitive match on name or description. */
  search(text: string): Promise<Product[]>;
  findById(id: number): Promise<Product | undefined>;
  /** Throws UniqueViolationError when another product already has the name. */
  create(input: ProductInput): Promise<Product>;
  /** Throws UniqueViolationError when another product already has the name. */
  update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined>;
  delete(id: number): Promise<boolean>;
}

/** What a client reads when the name is taken: the rule, not the store's internals. */
const DUPLICATE_NAME = 'A product with this name already exists';

export const SEED_PRODUCTS: readonly Product[] = [
  product(1, 'Mechanical keyboard', 'Tenkeyless, hot-swappable switches', 12900),
  product(2, 'Laptop stand', 'Aluminium, adjustable height', 4500),
  product(3, 'USB-C hub', 'Seven ports, 100 W pass-through charging', 3900),
  product(4, 'Noise-cancelling headphones', 'Over-ear, 30 hours of battery', 24900),
];

/** Lives as long as the app that created it: two apps never share products. */
export class InMemoryProductsRepository implements ProductsRepository {
  private readonly products: Map<number, Product>;
  private nextId: number;

  constructor(
    private readonly clock: Clock,
    seed: readonly Product[] = SEED_PRODUCTS,
  ) {
    this.products = new Map(seed.map((p) => [p.id, p]));
    this.nextId = Math.max(0, ...this.products.keys()) + 1;
  }

  async list(page: PageRequest): Promise<{ items: Product[]; total: number }> {
    const all = [...this.products.values()];
    const start = offsetOf(page);
    return { items: all.slice(start, start + page.limit), total: all.length };
  }

  async search(text: string): Promise<Product[]> {
    const needle = text.toLowerCase();
    return [...this.products.values()].filter(
      (p) => p.name.toLowerCase().includes(needle) || p.description.toLowerCase().includes(needle),
    );
  }

  async findById(id: number): Promise<Product | undefined> {
    return this.products.get(id);
  }

  // The store trusts its input's type. Types vanish at run time, though: whatever object the
  // caller passes is spread into the record, so callers must pass validated DTOs only.
  async create(input: ProductInput): Promise<Product> {
    this.assertNameIsFree(input.name);
    const now = new Date(this.clock.now()).toISOString();
    const product: Product = { ...input, id: this.nextId++, createdAt: now, updatedAt: now };
    this.products.set(product.id, product);
    return product;
  }

  async update(id: number, changes: Partial<ProductInput>): Promise<Product | undefined> {
    const current = this.products.get(id);
    if (current === undefined) return undefined;
    if (changes.name !== undefined) this.assertNameIsFree(changes.name, id);
    const now = new Date(this.clock.now()).toISOString();
    const product: Product = { ...current, ...changes, updatedAt: now };
    this.products.set(id, product);
    return product;
  }

  async delete(id: number): Promise<boolean> {
    return this.products.delete(id);
  }

  // Checked and written in the same synchronous stretch of code, with no await in between:
  // no other request can run in the middle, so two creates cannot both pass the check.
  // Names compare case-insensitively, as Day 5's UNIQUE index will (COLLATE NOCASE).
  private assertNameIsFree(name: string, exceptId?: number): void {
    const lower = name.toLowerCase();
    for (const p of this.products.values()) {
      if (p.id !== exceptId && p.name.toLowerCase() === lower) {
        throw new UniqueViolationError(DUPLICATE_NAME);
      }
    }
  }
}

function product(id: number, name: string, description: string, priceCents: number): Product {
  const at = '2026-01-15T09:00:00.000Z';
  return { id, name, description, priceCents, createdAt: at, updatedAt: at };
}
