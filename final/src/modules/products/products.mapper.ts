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

/** The columns of a product row, in the order of `ProductTuple`. */
export const PRODUCT_COLUMNS = 'id, name, description, price_cents, created_at, updated_at';

/** A row read in raw mode (`SELECT ${PRODUCT_COLUMNS}`): no intermediate row object. */
export type ProductTuple = [
  id: number,
  name: string,
  description: string,
  priceCents: number,
  createdAt: string,
  updatedAt: string,
];

export function tupleToProduct(row: ProductTuple): Product {
  return {
    id: row[0],
    name: row[1],
    description: row[2],
    priceCents: row[3],
    createdAt: row[4],
    updatedAt: row[5],
  };
}
