import { inspect } from 'node:util';
import express from 'express';
import request from 'supertest';
import { UniqueViolationError } from '../src/core/db/errors';
import {
  AppError,
  ConflictError,
  MethodNotAllowedError,
  NotFoundError,
  ValidationError,
} from '../src/core/errors/app-error';
import { errorHandler } from '../src/core/errors/error-handler';
import { problem } from '../src/core/errors/problem';
import { SqliteProductsRepository } from '../src/modules/products/products.repository';
import { ProductsService } from '../src/modules/products/products.service';
import { manualClock, recordingLogger, testApp, testDatabase } from './helpers';

describe('the application error hierarchy', () => {
  it('gives each error its HTTP status and its own class name', () => {
    const notFound = new NotFoundError();
    expect(notFound).toBeInstanceOf(AppError);
    expect(notFound).toBeInstanceOf(Error);
    expect(notFound.status).toBe(404);
    expect(notFound.name).toBe('NotFoundError');
    expect(new ConflictError().status).toBe(409);
    expect(new ValidationError([]).status).toBe(422);
  });

  it('lets an error carry the headers its status requires', () => {
    expect(new MethodNotAllowedError('PUT', ['GET', 'HEAD']).headers).toEqual({
      Allow: 'GET, HEAD',
    });
  });

  it('keeps the error it translates as Error.cause, for the log', () => {
    const driverError = new Error('SQLITE_CONSTRAINT_UNIQUE: products.name');
    const conflict = new ConflictError('A product with this name already exists', {
      cause: driverError,
    });
    expect(conflict.cause).toBe(driverError);
    expect(conflict.message).not.toContain('SQLITE');
    expect(new NotFoundError().cause).toBeUndefined();
  });

  it('shows the cause chain wherever the error is inspected, as console.error does', () => {
    const driverError = new Error('SQLITE_CONSTRAINT_UNIQUE: products.name');
    const printed = inspect(
      new ConflictError('A product with this name already exists', { cause: driverError }),
    );
    expect(printed).toMatch(/ConflictError: A product with this name already exists/);
    expect(printed).toMatch(/\[cause\]: Error: SQLITE_CONSTRAINT_UNIQUE: products\.name/);
  });
});

describe('storage errors', () => {
  it('pass through the service untranslated: the error handler maps them, once', async () => {
    const repository = new SqliteProductsRepository(testDatabase(), manualClock());
    const service = new ProductsService(repository);
    await expect(
      service.create({ name: 'laptop stand', description: '', priceCents: 1 }),
    ).rejects.toBeInstanceOf(UniqueViolationError);
    const failure = new Error('disk full');
    jest.spyOn(repository, 'update').mockRejectedValue(failure);
    await expect(service.update(1, { priceCents: 1 })).rejects.toBe(failure);
  });

  it('are raised by the repository with a message written for clients', async () => {
    const repository = new SqliteProductsRepository(testDatabase(), manualClock());
    await expect(repository.update(1, { name: 'USB-C HUB' })).rejects.toMatchObject({
      name: 'UniqueViolationError',
      message: 'A product with this name already exists',
    });
  });
});

describe('problem()', () => {
  it('builds an RFC 9457 document whose title is the status phrase', () => {
    expect(
      problem({
        status: 404,
        detail: 'The product does not exist',
        instance: '/p/1',
        requestId: 'req-7',
      }),
    ).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'The product does not exist',
      instance: '/p/1',
      requestId: 'req-7',
    });
  });

  it('adds errors only when there are some', () => {
    const field = { location: 'body', field: 'name', message: 'required' } as const;
    expect(
      problem({ status: 422, detail: 'x', instance: '/', requestId: 'r' }).errors,
    ).toBeUndefined();
    expect(
      problem({ status: 422, detail: 'x', instance: '/', requestId: 'r', errors: [field] }).errors,
    ).toEqual([field]);
  });
});

describe('the error handler', () => {
  function appThrowing(error: unknown) {
    const app = express();
    app.get('/sync', () => {
      throw error;
    });
    // Express 5 awaits the promise a handler returns and forwards its rejection to next().
    app.get('/async', async () => {
      await Promise.resolve();
      throw error;
    });
    app.use(errorHandler(recordingLogger()));
    return app;
  }

  it('maps an AppError thrown by a handler to its status as problem+json', async () => {
    const res = await request(appThrowing(new NotFoundError('No such thing'))).get('/sync');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      title: 'Not Found',
      detail: 'No such thing',
      instance: '/sync',
    });
  });

  it('receives the rejection of an async handler (Express 5 forwards it)', async () => {
    const res = await request(appThrowing(new ConflictError('Taken'))).get('/async?x=1');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ detail: 'Taken', instance: '/async' });
  });

  it('logs nothing for expected errors, which keep their message', async () => {
    const logger = recordingLogger();
    const app = express();
    app.get('/orders/:id', () => {
      throw new NotFoundError('The order does not exist');
    });
    app.use(errorHandler(logger));
    const res = await request(app).get('/orders/7');
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('The order does not exist');
    expect(logger.entries).toEqual([]);
  });

  it("writes the error's headers: 405 carries Allow", async () => {
    const res = await request(appThrowing(new MethodNotAllowedError('GET', ['POST']))).get('/sync');
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('POST');
  });

  it("answers an undecodable URL with 400 problem+json (the router's URIError)", async () => {
    const logger = recordingLogger();
    const res = await request(await testApp({ logger })).get('/api/v1/products/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      detail: 'Bad Request',
      instance: '/api/v1/products/%E0%A4%A',
      requestId: expect.any(String),
    });
    expect(res.text).not.toMatch(/URI|decode/i);
    expect(logger.entries).toEqual([]);
  });

  it('maps the client errors of Express helpers (http-errors) with a neutral text', async () => {
    const app = express();
    app.post('/echo', express.json(), (req, res) => {
      res.json(req.body);
    });
    app.use(errorHandler(recordingLogger()));
    const res = await request(app).post('/echo').type('application/json').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ title: 'Bad Request', detail: 'Bad Request' });
    expect(res.text).not.toMatch(/Unexpected|JSON\.parse|at /);
  });
});

describe('which rejection wins', () => {
  it('refuses an unreadable body before routing: 415 even for an unknown path or a wrong method', async () => {
    const app = await testApp();
    const send = (method: 'post' | 'put', path: string, type: string, body: string) =>
      request(app)[method](path).set('Content-Type', type).send(body);
    expect((await send('post', '/api/v1/orders', 'text/plain', 'x')).status).toBe(415);
    expect((await send('put', '/api/v1/products/1', 'text/plain', 'x')).status).toBe(415);
    expect((await send('post', '/api/v1/orders', 'application/json', '{bad')).status).toBe(400);
    expect((await send('post', '/api/v1/orders', 'application/json', '{}')).status).toBe(404);
    expect((await send('put', '/api/v1/products/1', 'application/json', '{}')).status).toBe(405);
  });
});
