import { field } from './fields';

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
 * `?page=&limit=`: every query value arrives as text (or as an array when the parameter is
 * repeated); these fields turn it into a bounded number. Out-of-range values are a 400, never
 * silently clamped.
 */
export const pageQuery = {
  page: field
    .integer({ min: 1, max: 1_000_000, message: 'page must be a whole number from 1' })
    .default(1),
  limit: field.integer({ min: 1, max: MAX_PAGE_SIZE }).default(DEFAULT_PAGE_SIZE),
};

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
