import { query } from 'express-validator';
import type { FieldError } from '../errors/app-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  readonly page: number;
  readonly limit: number;
}

export interface PageInfo {
  readonly page: number;
  readonly limit: number;
  readonly total: number;
  readonly totalPages: number;
}

export interface Paginated<T> {
  readonly data: readonly T[];
  readonly page: PageInfo;
}

/** `?page=&limit=` chains; out-of-range values are a 400, never silently clamped. */
export function paginationQuery() {
  return [
    query('page')
      .default(1)
      .not()
      .isArray()
      .withMessage('page must be given once')
      .isInt({ min: 1, max: 1_000_000 })
      .withMessage('page must be a whole number from 1')
      .toInt(),
    query('limit')
      .default(DEFAULT_PAGE_SIZE)
      .not()
      .isArray()
      .withMessage('limit must be given once')
      .isInt({ min: 1, max: MAX_PAGE_SIZE })
      .withMessage(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
      .toInt(),
  ];
}

/**
 * The `paginationQuery()` chains as plain functions, for hand-written query validators
 * (`validateQuery`). Same rules, same messages, same conversions (see `checkInt`).
 */
export function checkPagination(query: Record<string, unknown>, errors: FieldError[]): PageRequest {
  // Both have defaults, so both are numbers.
  return {
    page: checkInt(query, 'page', errors, {
      default: 1,
      min: 1,
      max: 1_000_000,
      message: 'page must be a whole number from 1',
    }) as number,
    limit: checkInt(query, 'limit', errors, {
      default: DEFAULT_PAGE_SIZE,
      min: 1,
      max: MAX_PAGE_SIZE,
      message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`,
    }) as number,
  };
}

const INTEGER = /^[-+]?[0-9]+$/;

/**
 * What `query(field)[.default(d)].not().isArray().isInt({ min, max }).toInt()` does with a
 * value from Express's query parser (a string, an array of strings, or absent): an absent or
 * empty value takes the default; a repeated parameter is a "given once" error; otherwise the
 * text must be digits with an optional sign, within [min, max] (validator.js' isInt), and the
 * value becomes `parseInt(text, 10)` (converted even when invalid, as `toInt()` does: a
 * later cross-field check sees the same number). Pushes the field's first error, if any.
 * Without a default, an absent value stays undefined (`optional()`).
 */
export function checkInt(
  query: Record<string, unknown>,
  field: string,
  errors: FieldError[],
  rule: { default?: number; min: number; max: number; message: string },
): number | undefined {
  const value = query[field];
  if (rule.default !== undefined && (value === undefined || value === null || value === '')) {
    return rule.default;
  }
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    errors.push({ location: 'query', field, message: `${field} must be given once` });
    return Number(value.map((item) => Number.parseInt(String(item), 10)));
  }
  const text = String(value);
  const number = Number(text);
  if (!INTEGER.test(text) || !(number >= rule.min) || !(number <= rule.max)) {
    errors.push({ location: 'query', field, message: rule.message });
  }
  return Number.parseInt(text, 10);
}

export function pageInfo(request: PageRequest, total: number): PageInfo {
  return {
    page: request.page,
    limit: request.limit,
    total,
    totalPages: Math.ceil(total / request.limit),
  };
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.limit;
}
