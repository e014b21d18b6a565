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
  // TODO(exercise 3.1): give page and limit their defaults AND validate and convert them:
  // each given once, page a whole number from 1, limit from 1 to MAX_PAGE_SIZE (a client
  // must not fetch the whole table with ?limit=1000000), then converted to numbers.
  // Out-of-range values are refused, never silently clamped.
  return [query('page').default(1), query('limit').default(DEFAULT_PAGE_SIZE)];
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
