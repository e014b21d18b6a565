import { query } from 'express-validator';

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

/**
 * `?page=&limit=` chains. Every query value arrives as a string (or an array of strings when
 * the parameter is repeated, `?limit=5&limit=500`); these chains turn it into a bounded number.
 */
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
