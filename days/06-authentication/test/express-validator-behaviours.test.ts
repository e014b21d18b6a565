// The express-validator (7.3, validator.js 13.15) behaviours the lesson builds on (§ 1 and
// § 3). The fields in src/core/http/fields.ts are written around them; if an upgrade changes
// one, this file says which.
import { body, matchedData, query, validationResult } from 'express-validator';

/** Runs a chain on a plain object, as validate() does, and returns the input afterwards. */
async function run(chain: ReturnType<typeof query>, input: Record<string, unknown>) {
  await chain.run(input);
  return {
    errors: validationResult(input)
      .array()
      .map((e) => String(e.msg)),
    input,
  };
}

describe('express-validator', () => {
  it('.default() replaces undefined, null, NaN and the empty string, and nothing else', async () => {
    const filled = async (value: unknown) => {
      const input = { query: { limit: value } };
      await query('limit').default(20).run(input);
      return input.query.limit;
    };
    expect([
      await filled(undefined),
      await filled(null),
      await filled(Number.NaN),
      await filled(''),
      await filled('0'),
      await filled('abc'),
    ]).toEqual([20, 20, 20, 20, '0', 'abc']);
  });

  it('runs a standard validator on each element of an array, and a sanitizer on each too', async () => {
    const { errors, input } = await run(query('limit').isInt().toInt(), {
      query: { limit: ['5', '500'] },
    });
    expect(errors).toEqual([]);
    expect(input['query']).toEqual({ limit: [5, 500] });
  });

  it('hands a custom validator the value itself, array or not', async () => {
    const seen: unknown[] = [];
    await run(
      query('limit').custom((value) => {
        seen.push(value);
        return true;
      }),
      { query: { limit: ['5', '500'] } },
    );
    expect(seen).toEqual([['5', '500']]);
  });

  it('writes a sanitized value back into the object the chain ran on', async () => {
    const input = { body: { name: '  Desk mat  ' } };
    await body('name').trim().run(input);
    expect(input.body.name).toBe('Desk mat');
  });

  it("isInt accepts a leading '+' and leading zeros, and refuses decimals and exponents", async () => {
    const accepted = async (text: string) => {
      const { errors } = await run(query('n').isInt(), { query: { n: text } });
      return errors.length === 0;
    };
    expect({
      '+1': await accepted('+1'),
      '01': await accepted('01'),
      '1.0': await accepted('1.0'),
      '1e2': await accepted('1e2'),
      ' 1': await accepted(' 1'),
    }).toEqual({ '+1': true, '01': true, '1.0': false, '1e2': false, ' 1': false });
  });

  it('matchedData keeps only the fields a chain declared, and leaves out unsent optional ones', async () => {
    const input = { body: { name: 'Desk mat', featured: true } };
    await body('name').isString().run(input);
    await body('description').optional().isString().run(input);
    expect(matchedData(input, { locations: ['body'], includeOptionals: false })).toEqual({
      name: 'Desk mat',
    });
  });
});
