import express from 'express';
import { body } from 'express-validator';
import request from 'supertest';
import { type AnyField, field } from '../src/core/http/fields';
import { idField } from '../src/core/http/id-param';
import { errorHandler } from '../src/core/errors/error-handler';
import { contract, rule, validate } from '../src/core/http/validate';
import { EDITOR, recordingLogger, signIn, testApp } from './helpers';

/**
 * What a client received, in one line: `422 The request body is not valid | body.name: …` (the
 * problem's detail, then its errors), or `201: the handler ran`. An entry's members beyond
 * location, field and message (an echoed `value`, say) are shown too.
 */
function answer(res: request.Response): string {
  if (res.status < 400) return `${res.status}: the handler ran`;
  if (!/^application\/problem\+json/.test(res.headers['content-type'] ?? '')) {
    return `${res.status} without problem+json: ${res.text}`;
  }
  const { detail: error, errors } = res.body;
  const entries = Array.isArray(errors) ? errors : [];
  const listed = entries.map((entry: Record<string, unknown>) => {
    const { location, field, message, ...extra } = entry;
    const where = field === '' ? String(location) : `${String(location)}.${String(field)}`;
    const more = Object.keys(extra).length > 0 ? ` ${JSON.stringify(extra)}` : '';
    return ` | ${where}: ${String(message)}${more}`;
  });
  return `${res.status} ${error}${listed.join('')}`;
}

const PARAMS_OR_QUERY = 'The path or query parameters are not valid';
const BODY_NOT_VALID = 'The request body is not valid';

/**
 * A field whose chain notes each run in `ran`: the test can tell whether validate() ran a
 * body chain at all. It has two checks and no bail, so a bad value gets two errors from
 * express-validator, of which the client must see the first only.
 */
function tracedNote(ran: string[]): AnyField {
  return {
    isOptional: false,
    chain: (_location, name) =>
      body(name)
        .custom(() => {
          ran.push(name);
          return true;
        })
        .isString()
        .withMessage(`${name} must be text`)
        .isLength({ min: 3 })
        .withMessage(`${name} must be at least 3 characters long`),
    accepts: (value): value is unknown => typeof value === 'string',
  };
}

/** An app of one route, `PUT /shelves/:shelf?min=&max=`, with a body `{ note }`. */
function shelfApp() {
  const ran: string[] = [];
  const range = {
    min: field.integer({ min: 0, max: 99 }),
    max: field.integer({ min: 0, max: 99 }),
  };
  const notes = { note: tracedNote(ran) };
  const putShelf = contract({
    params: { shelf: idField('shelf') },
    query: range,
    body: notes,
    rules: [
      rule('query', range, {
        field: 'max',
        message: 'max must not be below min',
        holds: ({ min, max }) => max >= min,
      }),
      rule('body', notes, {
        field: 'note',
        message: 'note must not shout',
        holds: ({ note }) => note !== String(note).toUpperCase(),
      }),
    ],
  });
  const app = express();
  app.use(express.json());
  app.put('/shelves/:shelf', validate(putShelf), (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler(recordingLogger()));
  return { app, ran };
}

const PRICE = 'priceCents must be a whole number from 0 to 10000000000';

describe('invalid requests are refused in one standard format', () => {
  it('answers 422 listing the first error of each invalid body field, without the values', async () => {
    const products = await testApp();
    const auth = await signIn(products, EDITOR);
    const shelves = shelfApp().app;
    expect({
      "POST /products { name: '', priceCents: 19.99 }": answer(
        await request(products)
          .post('/api/v1/products')
          .set('Authorization', auth)
          .send({ name: '', priceCents: 19.99 }),
      ),
      // 7 breaks both of note's checks: only the first is reported.
      'PUT /shelves/1 { note: 7 }': answer(
        await request(shelves).put('/shelves/1?min=1&max=2').send({ note: 7 }),
      ),
    }).toEqual({
      "POST /products { name: '', priceCents: 19.99 }": `422 ${BODY_NOT_VALID} | body.name: name must be 1 to 200 characters long | body.priceCents: ${PRICE}`,
      'PUT /shelves/1 { note: 7 }': `422 ${BODY_NOT_VALID} | body.note: note must be text`,
    });
  });

  it('reports a missing required field by name', async () => {
    const app = await testApp();
    const res = await request(app)
      .post('/api/v1/products')
      .set('Authorization', await signIn(app, EDITOR))
      .send({ name: 'Desk mat' });
    expect(answer(res)).toBe(`422 ${BODY_NOT_VALID} | body.priceCents: priceCents is required`);
  });

  it('answers 422 when the body is not a JSON object (an array, or no body at all)', async () => {
    const server = await testApp();
    const auth = await signIn(server, EDITOR);
    const post = () => request(server).post('/api/v1/products').set('Authorization', auth);
    const notAnObject = '422 The request body must be a JSON object | body: Send a JSON object';
    expect({
      'an array': answer(await post().send([1, 2])),
      'no body': answer(await post()),
    }).toEqual({ 'an array': notAnObject, 'no body': notAnObject });
  });

  it('answers 400 for a bad path or query parameter without running the body chains', async () => {
    const products = await testApp();
    const auth = await signIn(products, EDITOR);
    const { app, ran } = shelfApp();
    expect({
      "PATCH /products/abc { name: '' }": answer(
        await request(products)
          .patch('/api/v1/products/abc')
          .set('Authorization', auth)
          .send({ name: '' }),
      ),
      'GET /products/search': answer(await request(products).get('/api/v1/products/search')),
      'PUT /shelves/x1 { note: 7 }': answer(
        await request(app).put('/shelves/x1?min=1&max=2').send({ note: 7 }),
      ),
      'body chains run for PUT /shelves/x1': ran.join(', ') || 'none',
    }).toEqual({
      "PATCH /products/abc { name: '' }": `400 ${PARAMS_OR_QUERY} | params.id: id must be a positive whole number`,
      'GET /products/search': `400 ${PARAMS_OR_QUERY} | query.q: q is required`,
      'PUT /shelves/x1 { note: 7 }': `400 ${PARAMS_OR_QUERY} | params.shelf: shelf must be a positive whole number`,
      'body chains run for PUT /shelves/x1': 'none',
    });
  });

  it("checks a location's rules once its fields are valid, the query's before the body", async () => {
    const { app } = shelfApp();
    const put = (query: string, note: unknown) =>
      request(app).put(`/shelves/1?${query}`).send({ note });
    expect({
      '?min=5&max=2 { note: 7 }': answer(await put('min=5&max=2', 7)),
      "?min=5&max=x { note: 'fine' }": answer(await put('min=5&max=x', 'fine')),
      "?min=1&max=2 { note: 'HEY' }": answer(await put('min=1&max=2', 'HEY')),
    }).toEqual({
      '?min=5&max=2 { note: 7 }': `400 ${PARAMS_OR_QUERY} | query.max: max must not be below min`,
      "?min=5&max=x { note: 'fine' }": `400 ${PARAMS_OR_QUERY} | query.max: max must be a whole number from 0 to 99`,
      "?min=1&max=2 { note: 'HEY' }": `422 ${BODY_NOT_VALID} | body.note: note must not shout`,
    });
  });

  it('requires at least one field in a PATCH, and reports that only once the fields are valid', async () => {
    const server = await testApp();
    const auth = await signIn(server, EDITOR);
    const patch = (body: object) =>
      request(server).patch('/api/v1/products/1').set('Authorization', auth).send(body);
    expect({
      '{}': answer(await patch({})),
      '{ priceCents: -1 }': answer(await patch({ priceCents: -1 })),
    }).toEqual({
      '{}': `422 ${BODY_NOT_VALID} | body: send at least one of name, description, priceCents`,
      '{ priceCents: -1 }': `422 ${BODY_NOT_VALID} | body.priceCents: ${PRICE}`,
    });
  });
});
