import { body } from 'express-validator';
import type { FieldError } from '../../core/errors/app-error';
import { idParam } from '../../core/http/id-param';
import { checkInt, checkPagination } from '../../core/http/pagination';
import type { Checked, RequestSchema } from '../../core/http/legacy-validate';
import { PRODUCT_SORTS, type ProductInput, type ProductSort } from './products.repository';

export interface ListProductsQuery {
  page: number;
  limit: number;
  q?: string;
  minPriceCents?: number;
  maxPriceCents?: number;
  sort: ProductSort;
}

const MAX_PRICE_CENTS = 100_000_000_00;

const SORT_MESSAGE = `sort must be one of ${PRODUCT_SORTS.join(', ')}`;
const SORTS: ReadonlySet<string> = new Set(PRODUCT_SORTS);

/**
 * `GET /products?page&limit&q&minPriceCents&maxPriceCents&sort`, checked by hand: this is the
 * busiest public route, and express-validator's per-request chain machinery cost more than
 * the SQL. The rules, messages and conversions are those of the express-validator chains
 * these replaced (test/products-list-query.test.ts runs both on the same queries):
 * - page, limit: see `checkPagination`;
 * - q: optional, given once, trimmed, then 1 to 100 characters (validator.js counts a
 *   surrogate pair or an emoji variation sequence as one);
 * - minPriceCents, maxPriceCents: optional whole numbers of cents, and max >= min;
 * - sort: one of the allowlist, `createdAt` when absent or empty, given once.
 * One error per field, in that order.
 */
export function checkListProductsQuery(query: Record<string, unknown>): Checked<ListProductsQuery> {
  const errors: FieldError[] = [];
  const { page, limit } = checkPagination(query, errors);

  let q = query['q'];
  if (q !== undefined) {
    if (typeof q !== 'string') {
      errors.push({ location: 'query', field: 'q', message: 'q must be given once' });
    } else {
      q = q.trim();
      const length = lengthOf(q as string);
      if (length < 1 || length > 100) {
        errors.push({
          location: 'query',
          field: 'q',
          message: 'q must be 1 to 100 characters long',
        });
      }
    }
  }

  const minPriceCents = checkInt(query, 'minPriceCents', errors, priceRule('minPriceCents'));
  const errorsBeforeMax = errors.length;
  const maxPriceCents = checkInt(query, 'maxPriceCents', errors, priceRule('maxPriceCents'));
  if (
    maxPriceCents !== undefined &&
    errors.length === errorsBeforeMax &&
    Number.isInteger(minPriceCents) &&
    (minPriceCents as number) > maxPriceCents
  ) {
    errors.push({
      location: 'query',
      field: 'maxPriceCents',
      message: 'maxPriceCents must not be below minPriceCents',
    });
  }

  let sort = query['sort'];
  if (sort === undefined || sort === null || sort === '') sort = 'createdAt';
  if (
    Array.isArray(sort) ? !sort.every((item) => SORTS.has(String(item))) : !SORTS.has(String(sort))
  ) {
    errors.push({ location: 'query', field: 'sort', message: SORT_MESSAGE });
  } else if (Array.isArray(sort)) {
    // The chain accepted a repeated sort when every value was allowed, and the repository
    // then failed on the array (a 500). Given once, like every other parameter.
    errors.push({ location: 'query', field: 'sort', message: 'sort must be given once' });
  }

  if (errors.length > 0) return { errors };
  // Same keys, same order as express-validator's matchedData; absent optionals left out.
  const value: ListProductsQuery = { page, limit } as ListProductsQuery;
  if (q !== undefined) value.q = q as string;
  if (minPriceCents !== undefined) value.minPriceCents = minPriceCents;
  if (maxPriceCents !== undefined) value.maxPriceCents = maxPriceCents;
  value.sort = sort as ProductSort;
  return { value };
}

function priceRule(name: string) {
  return {
    min: 0,
    max: MAX_PRICE_CENTS,
    message: `${name} must be a whole number of cents from 0`,
  };
}

/** validator.js' isLength: a surrogate pair or a character + VS15/VS16 count as one. */
function lengthOf(text: string): number {
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: validator.js' own pattern, kept verbatim.
  const presentation = text.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  const surrogates = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return text.length - presentation - surrogates;
}

// JSON numbers only: "1999" (a string) is rejected rather than coerced, and so are fractions.
const isCents = (value: unknown) =>
  typeof value === 'number' &&
  Number.isSafeInteger(value) &&
  value >= 0 &&
  value <= MAX_PRICE_CENTS;

function productFields(optional: boolean) {
  const field = (name: keyof ProductInput) => (optional ? body(name).optional() : body(name));
  return [
    field('name')
      .isString()
      .withMessage('name must be a string')
      .bail()
      .trim()
      .isLength({ min: 1, max: 200 })
      .withMessage('name must be 1 to 200 characters long'),
    (optional ? body('description').optional() : body('description').default(''))
      .isString()
      .withMessage('description must be a string')
      .bail()
      .isLength({ max: 5000 })
      .withMessage('description must be at most 5000 characters long'),
    field('priceCents')
      .custom(isCents)
      .withMessage('priceCents must be a whole number of cents from 0'),
  ];
}

export const createProductSchema: RequestSchema = { body: productFields(false) };

export const updateProductSchema: RequestSchema = {
  params: [idParam()],
  body: [
    ...productFields(true),
    body()
      .custom((value: Record<string, unknown>) =>
        ['name', 'description', 'priceCents'].some((key) => value[key] !== undefined),
      )
      .withMessage('send at least one of name, description, priceCents'),
  ],
};

export const productIdSchema: RequestSchema = { params: [idParam()] };
