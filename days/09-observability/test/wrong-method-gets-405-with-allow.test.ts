import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { methodNotAllowed } from '../src/core/http/method-not-allowed';
import { recordingLogger, testApp } from './helpers';

type Method = 'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options';

/** Sends a request and sums up what a client learns in one line: status, Allow and body. */
async function send(app: express.Express, method: Method, path: string): Promise<string> {
  const res = await request(app)[method](path);
  const allow = res.headers['allow'] === undefined ? 'no Allow' : `Allow: ${res.headers['allow']}`;
  return `${method.toUpperCase()} ${path} -> ${res.status}, ${allow}, ${summarize(res)}`;
}

function summarize(res: request.Response): string {
  if (res.text === undefined || res.text === '') return 'no body';
  if (!/json/.test(res.type)) return `a ${res.type} page`;
  const { detail, instance } = res.body;
  return typeof detail === 'string' ? `problem: ${detail} (${instance})` : JSON.stringify(res.body);
}

/**
 * Routes with other methods than the app's GET-only ones, below a /team prefix: the Allow list
 * and the path in the message must come from the route and the request, not from a constant.
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
  // The 405 is an error since Day 4: the error handler writes the problem and its Allow header.
  app.use(errorHandler(recordingLogger()));
  return app;
}

describe('a known path with the wrong method answers 405 with Allow', () => {
  it('answers POST /api/v1/products/1 with 405, Allow and a problem', async () => {
    const app = await testApp();
    expect(await send(app, 'post', '/api/v1/products/1')).toBe(
      'POST /api/v1/products/1 -> 405, Allow: GET, PATCH, DELETE, HEAD, problem: POST is not allowed here (/api/v1/products/1)',
    );
    const res = await request(app).post('/api/v1/products/1');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('closes every route of the app: the collection, users, nested posts and /health', async () => {
    const app = await testApp();
    const answers = [
      await send(app, 'delete', '/api/v1/products'),
      await send(app, 'put', '/api/v1/users/1'),
      await send(app, 'patch', '/api/v1/users/1/posts'),
      await send(app, 'post', '/health'),
    ];
    // Only the status and the Allow header: the message is the first test's business.
    expect(answers.map((a) => a.split(', problem')[0])).toEqual([
      'DELETE /api/v1/products -> 405, Allow: GET, POST, HEAD',
      'PUT /api/v1/users/1 -> 405, Allow: GET, DELETE, HEAD',
      'PATCH /api/v1/users/1/posts -> 405, Allow: GET, HEAD',
      'POST /health -> 405, Allow: GET, HEAD',
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
      'POST /team/notes -> 200, no Allow, {"handledBy":"POST"}',
      'DELETE /team/notes -> 405, Allow: GET, POST, HEAD, problem: DELETE is not allowed here (/team/notes)',
      'GET /team/notes/7 -> 405, Allow: PUT, DELETE, problem: GET is not allowed here (/team/notes/7)',
      // HEAD is a GET without the body: where there is no GET, there is no HEAD either.
      'HEAD /team/notes/7 -> 405, Allow: PUT, DELETE, no body',
    ]);
  });

  it('answers OPTIONS with 204, no body, and the allowed methods plus OPTIONS', async () => {
    expect([
      await send(await testApp(), 'options', '/api/v1/products'),
      await send(notesApp(), 'options', '/team/notes/7'),
    ]).toEqual([
      'OPTIONS /api/v1/products -> 204, Allow: GET, POST, HEAD, OPTIONS, no body',
      'OPTIONS /team/notes/7 -> 204, Allow: PUT, DELETE, OPTIONS, no body',
    ]);
  });
});
