export interface Product {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** Money as integer cents: floats cannot represent 0.10 exactly. */
  readonly priceCents: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A row as SQLite returns it: snake_case columns. */
export interface ProductRow {
  id: number;
  name: string;
  description: string;
  price_cents: number;
  created_at: string;
  updated_at: string;
}

export function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    priceCents: row.price_cents,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
