// A process builds its routers once; a test suite builds them once per app, hundreds of times.
// validate() builds a contract's middleware (its express-validator chains) the first time a
// route declares the contract, and every later router that declares it gets the same one.
import express from 'express';
import request from 'supertest';
import { field } from '../src/core/http/fields';
import { contract, validate, validated } from '../src/core/http/validate';

const greeting = contract({ body: { name: field.string({ min: 1, max: 20, trim: true }) } });

/** An app with one route that declares `greeting` and answers with the validated name. */
function greeter(): express.Express {
  const app = express();
  app.use(express.json());
  app.post('/', validate(greeting), (req, res) => {
    res.json(validated(req, 'body', greeting.body));
  });
  return app;
}

describe('validate(contract)', () => {
  it('gives every route that declares a contract the same middleware', () => {
    expect(validate(greeting)).toBe(validate(greeting));
  });

  it('builds another middleware for another contract, even one declared alike', () => {
    const twin = contract({ body: greeting.body });
    expect(validate(twin)).not.toBe(validate(greeting));
  });

  it('keeps the requests of two apps apart while they share it', async () => {
    const [first, second] = [greeter(), greeter()];
    const answers = await Promise.all([
      request(first).post('/').send({ name: '  Ada ' }),
      request(second).post('/').send({ name: 'Grace  ' }),
      request(first).post('/').send({ name: 'Linus' }),
    ]);
    expect(answers.map((res) => [res.status, res.body])).toEqual([
      [200, { name: 'Ada' }],
      [200, { name: 'Grace' }],
      [200, { name: 'Linus' }],
    ]);
  });
});
