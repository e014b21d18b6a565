import express from 'express';
import request from 'supertest';
import { errorHandler } from '../src/core/errors/error-handler';
import { jsonBody } from '../src/core/http/json-body';
import { recordingLogger, testApp } from './helpers';

/** What a client reads from a refusal: the status, the media type and what to fix. */
function refusal(res: request.Response) {
  return { status: res.status, contentType: res.type, detail: res.body.detail };
}

/**
 * jsonBody(limitBytes) alone in front of the error handler, with a probe that records the
 * error it hands on: what the error handler (and its log) receives.
 */
function appWithLimit(limitBytes: number) {
  const handedOn: unknown[] = [];
  const app = express();
  app.post('/echo', jsonBody(limitBytes), (req, res) => {
    res.json(req.body);
  });
  app.use(
    (error: unknown, _req: express.Request, _res: express.Response, next: express.NextFunction) => {
      handedOn.push(error);
      next(error);
    },
  );
  app.use(errorHandler(recordingLogger()));
  return { app, handedOn };
}

/** The parts of a translated error that matter: its status and the parser error it keeps. */
function translation(error: unknown) {
  const e = error as { status?: unknown; cause?: { type?: unknown } } | undefined;
  return { status: e?.status, 'type of its cause': e?.cause?.type };
}

describe('a body the API cannot read is rejected before any handler runs', () => {
  it('answers 415 for a body in another media type, for every method that sends one', async () => {
    const app = await testApp();
    const plainText = await request(app)
      .post('/api/v1/products')
      .set('Content-Type', 'text/plain')
      .send('name=Desk mat');
    const form = await request(app)
      .patch('/api/v1/products/1')
      .type('form')
      .send({ priceCents: '100' });
    const expected = {
      status: 415,
      contentType: 'application/problem+json',
      detail: 'Send the body as application/json',
    };
    expect([refusal(plainText), refusal(form)]).toEqual([expected, expected]);
  });

  it('decides on the media type without reading the body: 415 even when it is also too large', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .set('Content-Type', 'text/plain')
      .send('x'.repeat(5000));
    expect(refusal(res)).toEqual({
      status: 415,
      contentType: 'application/problem+json',
      detail: 'Send the body as application/json',
    });
  });

  it('answers 400 for malformed JSON, saying what is wrong, and keeps the parser error as the cause', async () => {
    const res = await request(await testApp())
      .post('/api/v1/products')
      .set('Content-Type', 'application/json')
      .send('{"name": "Desk mat",');
    const { app, handedOn } = appWithLimit(1024);
    await request(app).post('/echo').set('Content-Type', 'application/json').send('{"a":');
    expect({ response: refusal(res), 'error handed on': translation(handedOn[0]) }).toEqual({
      response: {
        status: 400,
        contentType: 'application/problem+json',
        detail: 'The request body is not valid JSON',
      },
      'error handed on': { status: 400, 'type of its cause': 'entity.parse.failed' },
    });
  });

  it('answers 413 naming the limit that applies, and keeps the parser error as the cause', async () => {
    // testApp() is configured with bodyLimitBytes 1024.
    const overConfigured = await request(await testApp())
      .post('/api/v1/products')
      .send({ name: 'Desk mat', priceCents: 1900, description: 'x'.repeat(2000) });
    const { app, handedOn } = appWithLimit(64);
    const overSmall = await request(app)
      .post('/echo')
      .send({ description: 'x'.repeat(100) });
    expect({
      'over 1024 bytes': refusal(overConfigured),
      'over 64 bytes': refusal(overSmall),
      'error handed on': translation(handedOn[0]),
    }).toEqual({
      'over 1024 bytes': {
        status: 413,
        contentType: 'application/problem+json',
        detail: 'The request body exceeds 1024 bytes',
      },
      'over 64 bytes': {
        status: 413,
        contentType: 'application/problem+json',
        detail: 'The request body exceeds 64 bytes',
      },
      'error handed on': { status: 413, 'type of its cause': 'entity.too.large' },
    });
  });
});
