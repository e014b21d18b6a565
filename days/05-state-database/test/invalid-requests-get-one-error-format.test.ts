import express from 'express';
import { body } from 'express-validator';
import request from 'supertest';
import { type AnyField, field } from '../src/core/http/fields';
import { idField } from '../src/core/http/id-param';
import { contract, rule, validate } from '../src/core/http/validate';
import { errorHandler } from '../src/core/errors/error-handler';
import { recordingLogger, testApp } from './helpers';

/** What a client received, in a shape a failure prints readably: a problem's detail and errors. */
function answer(res: request.Response) {
  if (res.status < 400) return { status: res.status, note: 'the handler ran' };
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return { status: res.status, error: res.body.detail, errors: res.body.errors };
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

describe('invalid requests are refused in one standard format', () => {
  it('answers 422 listing the first error of each invalid body field, without the values', async () => {
    const products = await request(await testApp())
      .post('/api/v1/products')
      .send({ name: '', priceCents: 19.99 });
    expect(answer(products)).toEqual({
      status: 422,
      error: BODY_NOT_VALID,
      errors: [
        { location: 'body', field: 'name', message: 'name must be 1 to 200 characters long' },
        {
          location: 'body',
          field: 'priceCents',
          message: 'priceCents must be a whole number from 0 to 10000000000',
        },
      ],
    });
    // 7 breaks both of note's checks: only the first is reported.
    const shelf = await request(shelfApp().app).put('/shelves/1?min=1&max=2').send({ note: 7 });
    expect(answer(shelf)).toEqual({
      status: 422,
      error: BODY_NOT_VALID,
      errors: [{ location: 'body', field: 'note', message: 'note must be text' }],
    });
  });

  it('reports a missing required field by name', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .send({ name: 'Desk mat' });
    expect(answer(res)).toEqual({
      status: 422,
      error: BODY_NOT_VALID,
      errors: [{ location: 'body', field: 'priceCents', message: 'priceCents is required' }],
    });
  });

  it('answers 422 when the body is not a JSON object (an array, or no body at all)', async () => {
    const notAnObject = {
      status: 422,
      error: 'The request body must be a JSON object',
      errors: [{ location: 'body', field: '', message: 'Send a JSON object' }],
    };
    const server = await testApp();
    const post = () => request(server).post('/api/v1/products');
    expect({
      'an array': answer(await post().send([1, 2])),
      'no body': answer(await post()),
    }).toEqual({ 'an array': notAnObject, 'no body': notAnObject });
  });

  it('answers 400 for a bad path or query parameter without running the body chains', async () => {
    const products = await request(await testApp())
      .patch('/api/v1/products/abc')
      .send({ name: '' });
    expect(answer(products)).toEqual({
      status: 400,
      error: PARAMS_OR_QUERY,
      errors: [{ location: 'params', field: 'id', message: 'id must be a positive whole number' }],
    });
    const search = await request(await testApp()).get('/api/v1/products/search');
    expect(answer(search)).toEqual({
      status: 400,
      error: PARAMS_OR_QUERY,
      errors: [{ location: 'query', field: 'q', message: 'q is required' }],
    });
    const { app, ran } = shelfApp();
    const shelf = await request(app).put('/shelves/x1?min=1&max=2').send({ note: 7 });
    expect({ answer: answer(shelf), 'body chains that ran': ran }).toEqual({
      answer: {
        status: 400,
        error: PARAMS_OR_QUERY,
        errors: [
          { location: 'params', field: 'shelf', message: 'shelf must be a positive whole number' },
        ],
      },
      'body chains that ran': [],
    });
  });

  it("checks a location's rules once its fields are valid, the query's before the body", async () => {
    const { app } = shelfApp();
    expect({
      'max below min': answer(await request(app).put('/shelves/1?min=5&max=2').send({ note: 7 })),
      'bad max and max below min': answer(
        await request(app).put('/shelves/1?min=5&max=x').send({ note: 'fine' }),
      ),
      'shouting note': answer(
        await request(app).put('/shelves/1?min=1&max=2').send({ note: 'HEY' }),
      ),
    }).toEqual({
      'max below min': {
        status: 400,
        error: PARAMS_OR_QUERY,
        errors: [{ location: 'query', field: 'max', message: 'max must not be below min' }],
      },
      'bad max and max below min': {
        status: 400,
        error: PARAMS_OR_QUERY,
        errors: [
          { location: 'query', field: 'max', message: 'max must be a whole number from 0 to 99' },
        ],
      },
      'shouting note': {
        status: 422,
        error: BODY_NOT_VALID,
        errors: [{ location: 'body', field: 'note', message: 'note must not shout' }],
      },
    });
  });

  it('requires at least one field in a PATCH, and reports that only once the fields are valid', async () => {
    const server = await testApp();
    expect({
      '{}': answer(await request(server).patch('/api/v1/products/1').send({})),
      '{ priceCents: -1 }': answer(
        await request(server).patch('/api/v1/products/1').send({ priceCents: -1 }),
      ),
    }).toEqual({
      '{}': {
        status: 422,
        error: BODY_NOT_VALID,
        errors: [
          {
            location: 'body',
            field: '',
            message: 'send at least one of name, description, priceCents',
          },
        ],
      },
      '{ priceCents: -1 }': {
        status: 422,
        error: BODY_NOT_VALID,
        errors: [
          {
            location: 'body',
            field: 'priceCents',
            message: 'priceCents must be a whole number from 0 to 10000000000',
          },
        ],
      },
    });
  });
});
