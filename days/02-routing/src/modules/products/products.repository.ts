export interface Product {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** Money as integer cents: floats cannot represent 0.10 exactly. */
  readonly priceCents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Data access for products. The interface is async although today's store is a Map: callers
 * are written once against it, and a database-backed implementation replaces this one later
 * without touching a single handler.
 */
export interface ProductsRepository {
  list(): Promise<Product[]>;
  /** Case-insensitive match on name or description. */
  search(text: string): Promise<Product[]>;
  findById(id: number): Promise<Product | undefined>;
}

export const SEED_PRODUCTS: readonly Product[] = [
  product(1, 'Mechanical keyboard', 'Tenkeyless, hot-swappable switches', 12900),
  product(2, 'Laptop stand', 'Aluminium, adjustable height', 4500),
  product(3, 'USB-C hub', 'Seven ports, 100 W pass-through charging', 3900),
  product(4, 'Noise-cancelling headphones', 'Over-ear, 30 hours of battery', 24900),
];

/** Lives as long as the app that created it: two apps never share products. */
export class InMemoryProductsRepository implements ProductsRepository {
  private readonly products: Map<number, Product>;

  constructor(seed: readonly Product[] = SEED_PRODUCTS) {
    this.products = new Map(seed.map((p) => [p.id, p]));
  }

  async list(): Promise<Product[]> {
    return [...this.products.values()];
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
}

function product(id: number, name: string, description: string, priceCents: number): Product {
  const at = '2026-01-15T09:00:00.000Z';
  return { id, name, description, priceCents, createdAt: at, updatedAt: at };
}
