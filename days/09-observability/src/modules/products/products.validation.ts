import { field } from '../../core/http/fields';
import { idParams } from '../../core/http/id-param';
import { pageQuery } from '../../core/http/pagination';
import { atLeastOneOf, contract } from '../../core/http/validate';

/** A hundred million in whole currency units: far above any real price, far below 2^53. */
const MAX_PRICE_CENTS = 100_000_000_00;

/** Money in integer cents: floats cannot represent 0.10 exactly. */
const priceCents = field.integer({ min: 0, max: MAX_PRICE_CENTS });
const searchText = field.string({ min: 1, max: 100, trim: true });

/** `GET /products`: a page of the catalog. */
export const listProducts = contract({ query: pageQuery });

/** `GET /products/search?q=`: every product whose name or description contains the text. */
export const searchProducts = contract({ query: { q: searchText } });

const productBody = {
  name: field.string({ min: 1, max: 200, trim: true }),
  description: field.string({ max: 5000 }).default(''),
  priceCents,
};

const productChanges = {
  name: productBody.name.optional(),
  description: field.string({ max: 5000 }).optional(),
  priceCents: priceCents.optional(),
};

export const createProduct = contract({ body: productBody });

export const updateProduct = contract({
  params: idParams,
  body: productChanges,
  rules: [atLeastOneOf(productChanges, ['name', 'description', 'priceCents'])],
});

export const productById = contract({ params: idParams });
