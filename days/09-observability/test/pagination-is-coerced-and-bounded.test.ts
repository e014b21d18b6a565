import { matchedData, validationResult } from 'express-validator';
import { field, type Location, type Shape } from '../src/core/http/fields';
import { MAX_PAGE_SIZE, pageQuery } from '../src/core/http/pagination';

/**
 * Runs a shape's chains on one location, as validate() does, and says in words what became
 * of the input: `accepted {"limit":5}` (the converted values) or `refused: <field's message>`.
 * A failure then reads as a table of inputs with what was expected and what happened.
 */
async function outcome(
  shape: Shape,
  location: Location,
  values: Record<string, unknown>,
): Promise<string> {
  const input = { [location]: values };
  for (const [name, declared] of Object.entries(shape)) {
    await declared.chain(location, name).run(input);
  }
  const errors = validationResult(input).array({ onlyFirstError: true });
  if (errors.length > 0) return `refused: ${errors.map((e) => String(e.msg)).join('; ')}`;
  return `accepted ${JSON.stringify(matchedData(input, { locations: [location] }))}`;
}

/** The outcome of each `?query` for the page fields, keyed by the query as a client sends it. */
async function pageOutcomes(queries: Record<string, Record<string, unknown>>) {
  const table: Record<string, string> = {};
  for (const [shown, query] of Object.entries(queries)) {
    table[shown] = await outcome(pageQuery, 'query', query);
  }
  return table;
}

const LIMIT_MESSAGE = `refused: limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;

describe('integers in a path or query are one whole number within their bounds', () => {
  it(`takes limit's bounds from its declaration: 1 to ${MAX_PAGE_SIZE}`, async () => {
    expect(
      await pageOutcomes({
        '?limit=1': { limit: '1' },
        [`?limit=${MAX_PAGE_SIZE}`]: { limit: String(MAX_PAGE_SIZE) },
        '?limit=0': { limit: '0' },
        [`?limit=${MAX_PAGE_SIZE + 1}`]: { limit: String(MAX_PAGE_SIZE + 1) },
      }),
    ).toEqual({
      '?limit=1': 'accepted {"page":1,"limit":1}',
      [`?limit=${MAX_PAGE_SIZE}`]: `accepted {"page":1,"limit":${MAX_PAGE_SIZE}}`,
      '?limit=0': LIMIT_MESSAGE,
      [`?limit=${MAX_PAGE_SIZE + 1}`]: LIMIT_MESSAGE,
    });
  });

  it('refuses text that is not one plain whole number, never rounding or clamping it', async () => {
    expect(
      await pageOutcomes({
        '?limit=-5': { limit: '-5' },
        '?limit=2.5': { limit: '2.5' },
        '?limit=1e2': { limit: '1e2' },
        '?limit=ten': { limit: 'ten' },
      }),
    ).toEqual({
      '?limit=-5': LIMIT_MESSAGE,
      '?limit=2.5': LIMIT_MESSAGE,
      '?limit=1e2': LIMIT_MESSAGE,
      '?limit=ten': LIMIT_MESSAGE,
    });
  });

  it("refuses page 0 with page's own message", async () => {
    expect(await pageOutcomes({ '?page=0': { page: '0' } })).toEqual({
      '?page=0': 'refused: page must be a whole number from 1',
    });
  });

  it('refuses a repeated parameter, even when every copy is valid', async () => {
    // Express's query parser turns ?limit=5&limit=500 into { limit: ['5', '500'] }.
    expect(
      await pageOutcomes({
        '?limit=5&limit=500': { limit: ['5', '500'] },
        '?page=2&page=3': { page: ['2', '3'] },
      }),
    ).toEqual({
      '?limit=5&limit=500': 'refused: limit must be given once',
      '?page=2&page=3': 'refused: page must be given once',
    });
  });

  it('applies the same rule to every integer field, in a path as in a query', async () => {
    const shelf = { shelf: field.integer({ min: 5, max: 9 }) };
    const floor = { floor: field.integer({ min: -2, max: 3, message: 'floor is -2 to 3' }) };
    expect({
      'path shelf=5': await outcome(shelf, 'params', { shelf: '5' }),
      'path shelf=9': await outcome(shelf, 'params', { shelf: '9' }),
      'path shelf=4': await outcome(shelf, 'params', { shelf: '4' }),
      'path shelf=10': await outcome(shelf, 'params', { shelf: '10' }),
      'query floor=-2': await outcome(floor, 'query', { floor: '-2' }),
      'query floor=-3': await outcome(floor, 'query', { floor: '-3' }),
      'query floor=4': await outcome(floor, 'query', { floor: '4' }),
    }).toEqual({
      'path shelf=5': 'accepted {"shelf":5}',
      'path shelf=9': 'accepted {"shelf":9}',
      'path shelf=4': 'refused: shelf must be a whole number from 5 to 9',
      'path shelf=10': 'refused: shelf must be a whole number from 5 to 9',
      'query floor=-2': 'accepted {"floor":-2}',
      'query floor=-3': 'refused: floor is -2 to 3',
      'query floor=4': 'refused: floor is -2 to 3',
    });
  });
});
