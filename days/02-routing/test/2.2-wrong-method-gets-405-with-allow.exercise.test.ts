import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { methodNotAllowed } from '../src/core/http/method-not-allowed';
import { testApp } from './helpers';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** What a client learns from an answer: the status, the Allow header and the body. */
async function send(app: express.Express, method: Method, path: string) {
  const res = await request(app)[method](path);
  return {
    request: `${method.toUpperCase()} ${path}`,
    status: res.status,
    allow: res.headers['allow'],
    body: describeBody(res),
  };
}

function describeBody(res: request.Response): unknown {
  if (res.text === '' || res.text === undefined) return '(no body)';
  return /json/.test(res.type) ? res.body : `(a ${res.type} page)`;
}

/**
 * Routes that allow other methods than the app's GET-only ones, mounted below a prefix, so the
 * Allow list and the path in the message must come from the route, not from a constant.
 */
function notesApp(): express.Express {
  const ok: RequestHandler = (req, res) => {
    res.json({ handledBy: req.method });
  };
  const notes = express.Router();
  notes
    .route('/notes')
    .get(ok)
    .post(ok)
    .all(methodNotAllowed(['GET', 'POST']));
  notes
    .route('/notes/:id')
    .put(ok)
    .delete(ok)
    .all(methodNotAllowed(['PUT', 'DELETE']));
  const app = express();
  app.use('/team', notes);
  return app;
}

describe('exercise 2.2: a known path with the wrong method answers 405 with Allow', () => {
  it('answers POST /api/v1/products/1 with 405, Allow: GET, HEAD and a JSON error', async () => {
    const res = await request(await testApp()).post('/api/v1/products/1');
    expect({
      status: res.status,
      allow: res.headers['allow'],
      contentType: res.headers['content-type'],
      body: res.body,
    }).toEqual({
      status: 405,
      allow: 'GET, HEAD',
      contentType: expect.stringMatching(/^application\/json/),
      body: { error: 'POST is not allowed on /api/v1/products/1' },
    });
  });

  it('closes every route of the app: the collection, users, nested posts and /health', async () => {
    const app = await testApp();
    const answers = [];
    for (const [method, path] of [
      ['delete', '/api/v1/products'],
      ['put', '/api/v1/users/1'],
      ['patch', '/api/v1/users/1/posts'],
      ['post', '/health'],
    ] as const) {
      const { request, status, allow } = await send(app, method, path);
      answers.push({ request, status, allow });
    }
    expect(answers).toEqual([
      { request: 'DELETE /api/v1/products', status: 405, allow: 'GET, HEAD' },
      { request: 'PUT /api/v1/users/1', status: 405, allow: 'GET, HEAD' },
      { request: 'PATCH /api/v1/users/1/posts', status: 405, allow: 'GET, HEAD' },
      { request: 'POST /health', status: 405, allow: 'GET, HEAD' },
    ]);
  });

  it('lists the methods each route declares, with HEAD only where GET is', async () => {
    const app = notesApp();
    expect([
      await send(app, 'post', '/team/notes'),
      await send(app, 'delete', '/team/notes'),
      await send(app, 'get', '/team/notes/7'),
      await send(app, 'head', '/team/notes/7'),
    ]).toEqual([
      // A method the route has runs its handler: the 405 never gets in the way.
      { request: 'POST /team/notes', status: 200, allow: undefined, body: { handledBy: 'POST' } },
      {
        request: 'DELETE /team/notes',
        status: 405,
        allow: 'GET, POST, HEAD',
        body: { error: 'DELETE is not allowed on /team/notes' },
      },
      {
        request: 'GET /team/notes/7',
        status: 405,
        allow: 'PUT, DELETE',
        body: { error: 'GET is not allowed on /team/notes/7' },
      },
      // HEAD is a GET without the body: where there is no GET there is no HEAD either.
      { request: 'HEAD /team/notes/7', status: 405, allow: 'PUT, DELETE', body: '(no body)' },
    ]);
  });

  it('answers OPTIONS with 204, no body, and the allowed methods plus OPTIONS', async () => {
    expect([
      await send(await testApp(), 'options', '/api/v1/products'),
      await send(notesApp(), 'options', '/team/notes/7'),
    ]).toEqual([
      {
        request: 'OPTIONS /api/v1/products',
        status: 204,
        allow: 'GET, HEAD, OPTIONS',
        body: '(no body)',
      },
      {
        request: 'OPTIONS /team/notes/7',
        status: 204,
        allow: 'PUT, DELETE, OPTIONS',
        body: '(no body)',
      },
    ]);
  });
});
