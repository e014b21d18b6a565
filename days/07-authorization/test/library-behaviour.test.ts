// The lesson's claims about what Express 5.3 (router 2.3, body-parser 2.4, finalhandler 2.1) and
// Node do, demonstrated. An upgrade that changes one of them fails here, before the lesson
// quietly becomes wrong.
import { STATUS_CODES } from 'node:http';
import express from 'express';
import request from 'supertest';

/** The error that reaches the first error middleware after `handlers`. */
async function errorAfter(
  handlers: express.RequestHandler[],
  send: (r: request.Agent) => request.Test,
): Promise<unknown> {
  let seen: unknown = 'nothing reached the error middleware';
  const app = express();
  app.use(...handlers);
  app.use(
    (error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen = error;
      res.status(599).end();
    },
  );
  await send(request.agent(app));
  return seen;
}

const parse = express.json({ limit: 64 });

describe("body-parser 2.4's JSON parser (express.json)", () => {
  it('leaves req.body undefined for a request without a body, and for a media type it skips', async () => {
    const bodies: unknown[] = [];
    const app = express();
    app.post('/', parse, (req, res) => {
      bodies.push(req.body);
      res.end();
    });
    await request(app).post('/');
    await request(app).post('/').set('Content-Type', 'text/plain').send('{"a":1}');
    expect(bodies).toEqual([undefined, undefined]);
  });

  it('raises http-errors with a 4xx status, expose and a type for what it refuses', async () => {
    const malformed = await errorAfter([parse], (r) =>
      r.post('/').set('Content-Type', 'application/json').send('{"a":'),
    );
    const tooLarge = await errorAfter([parse], (r) => r.post('/').send({ a: 'x'.repeat(100) }));
    const latin1 = await errorAfter([parse], (r) =>
      r.post('/').set('Content-Type', 'application/json; charset=latin1').send('{}'),
    );
    expect([malformed, tooLarge, latin1]).toEqual([
      expect.objectContaining({ status: 400, expose: true, type: 'entity.parse.failed' }),
      expect.objectContaining({ status: 413, expose: true, type: 'entity.too.large' }),
      expect.objectContaining({ status: 415, expose: true, type: 'charset.unsupported' }),
    ]);
  });

  it('keeps the raw body on a parse error, and a message that quotes it', async () => {
    const error = await errorAfter([parse], (r) =>
      r.post('/').set('Content-Type', 'application/json').send('"str"'),
    );
    // strict mode: only objects and arrays, so a JSON string is refused too.
    expect(error).toMatchObject({
      status: 400,
      body: '"str"',
      message: expect.stringContaining('"str"'),
    });
  });
});

describe("router 2.3's layers", () => {
  it('turn a rejection with no reason into Error("Rejected promise")', async () => {
    const error = await errorAfter([async () => Promise.reject(undefined)], (r) => r.get('/'));
    expect(error).toEqual(new Error('Rejected promise'));
  });

  it('treat a synchronous throw of undefined as next(): the request carries on', async () => {
    const app = express();
    app.get('/', () => {
      throw undefined;
    });
    app.use((_req, res) => {
      res.status(404).send('carried on');
    });
    const res = await request(app).get('/');
    expect(res.text).toBe('carried on');
  });

  it('raise a URIError with status 400 and no expose flag for an undecodable path parameter', async () => {
    const app = express();
    let seen: unknown;
    app.get('/products/:id', (_req, res) => {
      res.end();
    });
    app.use(
      (
        error: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        seen = error;
        res.status(599).end();
      },
    );
    await request(app).get('/products/%E0%A4%A');
    expect(seen).toBeInstanceOf(URIError);
    expect(seen).toMatchObject({ status: 400 });
    expect((seen as { expose?: unknown }).expose).toBeUndefined();
  });

  it('pass errors only to functions declaring four parameters (fn.length)', async () => {
    const calls: string[] = [];
    const app = express();
    app.get('/', () => {
      throw new Error('boom');
    });
    // Length 3: an ordinary middleware, skipped while an error travels.
    app.use((_err: unknown, _req: unknown, _res: unknown) => {
      calls.push('three parameters');
    });
    // A default value hides the fourth parameter: length 3 again.
    app.use((_err: unknown, _req: unknown, _res: unknown, _next: unknown = undefined) => {
      calls.push('a defaulted fourth parameter');
    });
    app.use(
      (
        _err: unknown,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        calls.push('four parameters');
        res.status(500).end();
      },
    );
    await request(app).get('/');
    expect(calls).toEqual(['four parameters']);
  });
});

describe("Express 5.3's response helpers", () => {
  it('refuse a status that is not an integer, or outside 100-999', () => {
    const app = express();
    const res = Object.create(app.response) as express.Response;
    expect(() => res.status('201' as unknown as number)).toThrow(TypeError);
    expect(() => res.status(1000)).toThrow(RangeError);
  });

  it('no longer take a status as the body: res.send(404) answers 200 with the body 404', async () => {
    const app = express();
    app.get('/', (_req, res) => {
      res.send(404);
    });
    const res = await request(app).get('/');
    expect([res.status, res.text]).toEqual([200, '404']);
  });
});

describe("Express 5.3's final handler (finalhandler 2.1)", () => {
  it('prints an error nobody handled with console.error, except when the app env is "test"', async () => {
    const printed: unknown[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((first: unknown) => {
      printed.push(first);
    });
    try {
      for (const env of ['development', 'test', 'production']) {
        const app = express();
        app.set('env', env);
        app.get('/', () => {
          throw new Error(`unhandled in ${env}`);
        });
        await request(app).get('/');
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      spy.mockRestore();
    }
    expect(printed.map(String)).toEqual([
      'Error: unhandled in development',
      'Error: unhandled in production',
    ]);
  });

  it('answers with the stack trace outside production', async () => {
    const app = express();
    app.set('env', 'development');
    app.get('/', () => {
      throw new Error('where it broke');
    });
    const spy = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await request(app).get('/');
      expect(res.type).toBe('text/html');
      expect(res.text).toMatch(/Error: where it broke<br> &nbsp; &nbsp;at /);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Node', () => {
  it("names 413 and 422 with RFC 7231's and RFC 4918's phrases, not RFC 9110's", () => {
    expect([STATUS_CODES[413], STATUS_CODES[422]]).toEqual([
      'Payload Too Large',
      'Unprocessable Entity',
    ]);
  });

  it('serializes an Error to {}: message and stack are not enumerable', () => {
    expect(JSON.stringify(new Error('x'))).toBe('{}');
  });
});
