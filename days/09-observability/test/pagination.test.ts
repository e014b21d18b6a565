import type { Request } from 'express';
import { matchedData, validationResult } from 'express-validator';
import request from 'supertest';
import { pageQuery } from '../src/core/http/pagination';
import { testApp } from './helpers';

/** Runs the page fields' chains on a query object, as validate() does. */
async function parse(query: Record<string, unknown>) {
  const req = { query } as unknown as Request;
  for (const [name, declared] of Object.entries(pageQuery)) {
    await declared.chain('query', name).run(req);
  }
  const errors = validationResult(req).array();
  return { errors, values: matchedData(req, { locations: ['query'] }) };
}

describe('pagination query', () => {
  it('defaults to page 1 of 20 items', async () => {
    expect(await parse({})).toEqual({ errors: [], values: { page: 1, limit: 20 } });
  });

  it('converts the query strings to numbers', async () => {
    expect(await parse({ page: '2', limit: '5' })).toEqual({
      errors: [],
      values: { page: 2, limit: 5 },
    });
  });

  it('pages through the products over HTTP', async () => {
    const res = await request(await testApp()).get('/api/v1/products?page=2&limit=3');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [expect.objectContaining({ id: 4 })],
      page: { page: 2, limit: 3, total: 4, totalPages: 2 },
    });
  });
});
