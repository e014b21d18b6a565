import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { AppError, type FieldError } from '../errors/app-error';
import { field, objectSchema } from './fields';
import { atLeastOneOf, contract, rule, validate, validated } from './validate';

// A small app per contract: the route echoes what `validated()` hands the handler, and the
// error handler echoes status and field errors, so each test sees exactly what the contract
// let through or refused.
const ROLES = ['admin', 'editor', 'user'] as const;

const search = contract({
  query: {
    page: field.integer({ min: 1, max: 1000 }).default(1),
    q: field.string({ min: 1, max: 10, trim: true }).optional(),
    role: field.oneOf(ROLES).optional(),
  },
  rules: [],
});

const itemBody = {
  name: field.string({ min: 1, max: 20, trim: true }),
  email: field.string({ trim: true, lowercase: true, format: 'email', max: 254 }).optional(),
  qty: field.integer({ min: 0, max: 99 }),
  role: field.oneOf(ROLES).default('user'),
};
const createItem = contract({
  params: { id: field.integer({ min: 1, max: 9999 }) },
  body: itemBody,
});

const patchBody = {
  name: field.string({ min: 1, max: 20 }).optional(),
  qty: field.integer({ min: 0, max: 99 }).optional(),
};
const patchItem = contract({ body: patchBody, rules: [atLeastOneOf(patchBody, ['name', 'qty'])] });

const range = {
  min: field.integer({ min: 0, max: 100 }).optional(),
  max: field.integer({ min: 0, max: 100 }).optional(),
};
const ranged = contract({
  query: range,
  rules: [
    rule('query', range, {
      field: 'max',
      message: 'max must not be below min',
      holds: ({ min, max }) => min === undefined || max === undefined || max >= min,
    }),
  ],
});

const echoErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = error instanceof AppError ? error.status : 500;
  const fieldErrors: readonly FieldError[] =
    'fieldErrors' in error && Array.isArray(error.fieldErrors) ? error.fieldErrors : [];
  res.status(status).json({ message: error.message, errors: fieldErrors });
};

function app() {
  const server = express();
  server.use(express.json());
  server.get('/search', validate(search), (req, res) => {
    const query = validated(req, 'query', search.query);
    // Compile-time proof of the inferred type: page is a number, q may be missing.
    const page: number = query.page;
    const q: string | undefined = query.q;
    res.json({ page, q, role: query.role, keys: Object.keys(query) });
  });
  server.post('/items/:id', validate(createItem), (req, res) => {
    const { id } = validated(req, 'params', createItem.params);
    res.json({ id, body: validated(req, 'body', createItem.body) });
  });
  server.patch('/items', validate(patchItem), (req, res) => {
    res.json(validated(req, 'body', patchItem.body));
  });
  server.get('/range', validate(ranged), (req, res) => {
    res.json(validated(req, 'query', ranged.query));
  });
  server.get('/unvalidated', (req, res) => {
    res.json(validated(req, 'query', search.query));
  });
  server.use(echoErrors);
  return server;
}

describe('validate(contract) and validated(req, location, shape)', () => {
  it('converts query values to their declared types and applies defaults', async () => {
    const res = await request(app()).get('/search?q=%20shoes%20&role=editor&extra=1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ page: 1, q: 'shoes', role: 'editor', keys: ['page', 'q', 'role'] });
  });

  it('leaves an optional field out when it was not sent', async () => {
    const res = await request(app()).get('/search?page=3');
    expect(res.body).toEqual({ page: 3, keys: ['page'] });
  });

  it.each([
    ['page=2&page=3', 'page', 'page must be given once'],
    ['q=a&q=b', 'q', 'q must be given once'],
    ['page=0', 'page', 'page must be a whole number from 1 to 1000'],
    ['page=1.5', 'page', 'page must be a whole number from 1 to 1000'],
    ['q=%20%20', 'q', 'q must be 1 to 10 characters long'],
    ['role=root', 'role', 'role must be one of admin, editor, user'],
  ])('answers 400 for the query %s', async (query, fieldName, message) => {
    const res = await request(app()).get(`/search?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ location: 'query', field: fieldName, message }]);
  });

  it('converts path parameters and keeps JSON types in the body', async () => {
    const res = await request(app())
      .post('/items/42')
      .send({ name: ' Lamp ', email: ' Ada@Example.COM ', qty: 3, admin: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 42,
      body: { name: 'Lamp', email: 'ada@example.com', qty: 3, role: 'user' },
    });
  });

  it('answers 400 for a bad path parameter before looking at the body', async () => {
    const res = await request(app()).post('/items/abc').send({});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { location: 'params', field: 'id', message: 'id must be a whole number from 1 to 9999' },
    ]);
  });

  it.each([
    [{ name: ['Lamp'], qty: 1 }, 'name', 'name must be a string'],
    [{ name: { first: 'Lamp' }, qty: 1 }, 'name', 'name must be a string'],
    [{ name: 'Lamp', qty: [1] }, 'qty', 'qty must be a whole number from 0 to 99'],
    [{ name: 'Lamp', qty: '3' }, 'qty', 'qty must be a whole number from 0 to 99'],
    [{ name: 'Lamp', qty: 1, role: ['admin'] }, 'role', 'role must be one of admin, editor, user'],
    [
      { name: 'Lamp', qty: 1, role: { 0: 'admin' } },
      'role',
      'role must be one of admin, editor, user',
    ],
    [{ qty: 1 }, 'name', 'name is required'],
    [{ name: 'Lamp', qty: 1, email: 'not-an-address' }, 'email', 'email must be an email address'],
  ])(
    'answers 422 for the body %j: a scalar field takes one value of its type',
    async (sent, fieldName, message) => {
      const res = await request(app()).post('/items/1').send(sent);
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ location: 'body', field: fieldName, message }]);
    },
  );

  it('answers 422 when the body is not a JSON object', async () => {
    const res = await request(app())
      .post('/items/1')
      .send([{ name: 'Lamp', qty: 1 }]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { location: 'body', field: '', message: 'Send a JSON object' },
    ]);
  });

  it('checks a rule across body fields once each field is valid', async () => {
    const empty = await request(app()).patch('/items').send({ other: 1 });
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([
      { location: 'body', field: '', message: 'send at least one of name, qty' },
    ]);
    const ok = await request(app()).patch('/items').send({ qty: 0 });
    expect(ok.body).toEqual({ qty: 0 });
  });

  it('checks a rule across query fields on their converted values', async () => {
    expect((await request(app()).get('/range?min=9&max=10')).status).toBe(200);
    const res = await request(app()).get('/range?min=10&max=9');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { location: 'query', field: 'max', message: 'max must not be below min' },
    ]);
  });

  it('fails loudly when a handler reads values no contract validated', async () => {
    const res = await request(app()).get('/unvalidated?page=x');
    expect(res.status).toBe(500);
    expect(res.body.message).toMatch(/mount validate\(contract\)/);
  });
});

describe('validate() runs the chains on copies of the inputs', () => {
  it('leaves req.params, req.query and req.body as the client sent them: the validated values come only from validated()', async () => {
    const server = express();
    server.use(express.json());
    server.post('/items/:id', validate(createItem), (req, res) => {
      res.json({
        sent: { params: req.params, body: req.body },
        validated: validated(req, 'body', createItem.body),
      });
    });
    server.get('/search', validate(search), (req, res) => {
      res.json({ sent: req.query, validated: validated(req, 'query', search.query) });
    });
    const posted = await request(server).post('/items/007').send({ name: ' Lamp ', qty: 3 });
    expect(posted.body).toEqual({
      sent: { params: { id: '007' }, body: { name: ' Lamp ', qty: 3 } },
      validated: { name: 'Lamp', qty: 3, role: 'user' },
    });
    const searched = await request(server).get('/search?q=%20shoes%20');
    expect(searched.body).toEqual({
      sent: { q: ' shoes ' },
      validated: { page: 1, q: 'shoes' },
    });
  });

  it('keeps what an outer router validated when a nested router validates its own params', async () => {
    const outer = contract({ params: { ownerId: field.integer({ min: 1, max: 99 }) } });
    const inner = contract({ params: { itemId: field.integer({ min: 1, max: 99 }) } });
    const nested = express.Router({ mergeParams: true });
    nested.get('/:itemId', validate(inner), (req, res) => {
      res.json({
        ...validated(req, 'params', outer.params),
        ...validated(req, 'params', inner.params),
      });
    });
    const server = express();
    server.use('/owners/:ownerId/items', validate(outer), nested);
    server.use(echoErrors);
    expect((await request(server).get('/owners/7/items/8')).body).toEqual({
      ownerId: 7,
      itemId: 8,
    });
    expect((await request(server).get('/owners/7/items/x')).status).toBe(400);
  });
});

describe('field schemas', () => {
  it('describe what the validators enforce, limits and defaults included', () => {
    expect(objectSchema(itemBody)).toEqual({
      type: 'object',
      properties: {
        name: {
          type: 'string',
          minLength: 1,
          maxLength: 20,
          description: 'Leading and trailing white space is removed first.',
        },
        email: {
          type: 'string',
          maxLength: 254,
          format: 'email',
          description: 'Leading and trailing white space is removed first. Stored in lower case.',
        },
        qty: { type: 'integer', minimum: 0, maximum: 99 },
        role: { type: 'string', enum: ['admin', 'editor', 'user'], default: 'user' },
      },
      required: ['name', 'qty'],
    });
  });
});
