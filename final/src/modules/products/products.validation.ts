import { body, query } from 'express-validator';
import { idParam } from '../../core/http/id-param';
import { paginationQuery } from '../../core/http/pagination';
import type { RequestSchema } from '../../core/http/validate';
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

function priceQuery(name: string) {
  return query(name)
    .optional()
    .not()
    .isArray()
    .withMessage(`${name} must be given once`)
    .isInt({ min: 0, max: MAX_PRICE_CENTS })
    .withMessage(`${name} must be a whole number of cents from 0`)
    .toInt();
}

export const listProductsSchema: RequestSchema = {
  query: [
    ...paginationQuery(),
    query('q')
      .optional()
      .isString()
      .withMessage('q must be given once')
      .bail()
      .trim()
      .isLength({ min: 1, max: 100 })
      .withMessage('q must be 1 to 100 characters long'),
    priceQuery('minPriceCents'),
    priceQuery('maxPriceCents').custom((max: number, { req }) => {
      const min = Number(req.query?.['minPriceCents']);
      if (Number.isInteger(min) && min > Number(max)) {
        throw new Error('maxPriceCents must not be below minPriceCents');
      }
      return true;
    }),
    query('sort')
      .default('createdAt')
      .isIn(PRODUCT_SORTS)
      .withMessage(`sort must be one of ${PRODUCT_SORTS.join(', ')}`),
  ],
};

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
