import { body, query } from 'express-validator';
import { idParam } from '../../core/http/id-param';
import { type PageRequest, paginationQuery } from '../../core/http/pagination';
import type { RequestSchema } from '../../core/http/validate';
import type { ProductInput } from './products.repository';

export type ListProductsQuery = PageRequest;

export interface SearchProductsQuery {
  q: string;
}

const MAX_PRICE_CENTS = 100_000_000_00;

export const listProductsSchema: RequestSchema = { query: paginationQuery() };

export const searchProductsSchema: RequestSchema = {
  query: [
    query('q')
      .exists()
      .withMessage('q is required')
      .bail()
      .isString()
      .withMessage('q must be given once')
      .bail()
      .trim()
      .isLength({ min: 1, max: 100 })
      .withMessage('q must be 1 to 100 characters long'),
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
