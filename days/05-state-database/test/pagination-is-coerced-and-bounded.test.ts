import type { Request } from 'express';
import { matchedData, validationResult } from 'express-validator';
import { field, type Location, type Shape } from '../src/core/http/fields';
import { MAX_PAGE_SIZE, pageQuery } from '../src/core/http/pagination';

/** Runs a shape's chains on one location of a request, as validate() does. */
async function parse(shape: Shape, location: Location, values: Record<string, unknown>) {
  const req = { [location]: values } as unknown as Request;
  for (const [name, declared] of Object.entries(shape)) {
    await declared.chain(location, name).run(req);
  }
  const errors = validationResult(req)
    .array({ onlyFirstError: true })
    .map((e) => (e.type === 'field' ? e.path : e.type));
  return { errors, values: matchedData(req, { locations: [location] }) };
}

const parsePage = (query: Record<string, unknown>) => parse(pageQuery, 'query', query);

describe('pagination query parameters are coerced and bounded', () => {
  it(`accepts limit ${MAX_PAGE_SIZE} and refuses ${MAX_PAGE_SIZE + 1}`, async () => {
    expect((await parsePage({ limit: String(MAX_PAGE_SIZE) })).errors).toEqual([]);
    expect((await parsePage({ limit: String(MAX_PAGE_SIZE + 1) })).errors).toEqual(['limit']);
  });

  it('refuses limits that are zero, negative, fractional or not numbers', async () => {
    for (const limit of ['0', '-5', '2.5', 'ten', '1e2']) {
      expect({ limit, errors: (await parsePage({ limit })).errors }).toEqual({
        limit,
        errors: ['limit'],
      });
    }
  });

  it('refuses page 0', async () => {
    expect((await parsePage({ page: '0' })).errors).toEqual(['page']);
  });

  it('refuses a repeated parameter (?limit=5&limit=500 arrives as an array)', async () => {
    expect((await parsePage({ limit: ['5', '500'] })).errors).toEqual(['limit']);
  });

  it("takes the bounds from each field's declaration, in a path as in a query", async () => {
    const shelf = { shelf: field.integer({ min: 5, max: 9 }) };
    expect(await parse(shelf, 'params', { shelf: '5' })).toEqual({
      errors: [],
      values: { shelf: 5 },
    });
    expect((await parse(shelf, 'params', { shelf: '9' })).errors).toEqual([]);
    expect((await parse(shelf, 'params', { shelf: '4' })).errors).toEqual(['shelf']);
    expect((await parse(shelf, 'params', { shelf: '10' })).errors).toEqual(['shelf']);
  });
});
