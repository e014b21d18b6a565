// Day 10: the product list filters and sorts by price; without an index every such query
// reads the whole table.
export const sql = `
CREATE INDEX products_price ON products (price_cents);
`;
