import type { Request } from 'express';
import { matchedData, validationResult } from 'express-validator';
import request from 'supertest';
import { createApp } from '../src/app';
import { MAX_PAGE_SIZE, paginationQuery } from '../src/core/http/pagination';
import { testDeps } from './helpers';

/** Runs the chains on a query object, as validate() does, and returns what they produced. */
async function parse(query: Record<string, unknown>) {
  const req = { query } as unknown as Request;
  for (const chain of paginationQuery()) await chain.run(req);
  const errors = validationResult(req)
    .array({ onlyFirstError: true })
    .map((e) => (e.type === 'field' ? e.path : e.type));
  return { errors, values: matchedData(req, { locations: ['query'] }) };
}

describe('pagination query parameters are coerced and bounded', () => {
  it('defaults to page 1 of 20 items', async () => {
    expect(await parse({})).toEqual({ errors: [], values: { page: 1, limit: 20 } });
  });

  it('converts the query strings to numbers', async () => {
    expect(await parse({ page: '2', limit: '5' })).toEqual({
      errors: [],
      values: { page: 2, limit: 5 },
    });
  });

  it(`accepts limit ${MAX_PAGE_SIZE} and refuses ${MAX_PAGE_SIZE + 1}`, async () => {
    expect((await parse({ limit: String(MAX_PAGE_SIZE) })).errors).toEqual([]);
    expect((await parse({ limit: String(MAX_PAGE_SIZE + 1) })).errors).toEqual(['limit']);
  });

  it('refuses limits that are zero, negative, fractional or not numbers', async () => {
    for (const limit of ['0', '-5', '2.5', 'ten', '1e2']) {
      expect({ limit, errors: (await parse({ limit })).errors }).toEqual({
        limit,
        errors: ['limit'],
      });
    }
  });

  it('refuses page 0', async () => {
    expect((await parse({ page: '0' })).errors).toEqual(['page']);
  });

  it('refuses a repeated parameter (?limit=5&limit=500 arrives as an array)', async () => {
    expect((await parse({ limit: ['5', '500'] })).errors).toEqual(['limit']);
  });

  it('pages through the products over HTTP', async () => {
    const res = await request(createApp(testDeps())).get('/api/v1/products?page=2&limit=3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [expect.objectContaining({ id: 4 })],
      page: { page: 2, limit: 3, total: 4, totalPages: 2 },
    });
  });
});
