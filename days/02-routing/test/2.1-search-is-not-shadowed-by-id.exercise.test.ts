import express from 'express';
import request from 'supertest';
import { testApp } from './helpers';

/**
 * Sends a GET to the app and reports which route answered it. `req.route` is the route the
 * router dispatched the request to (its `path` is the template, such as '/:id'), so a handler
 * that quietly serves the search from the '/:id' route does not count.
 */
async function answer(url: string) {
  let seen: express.Request | undefined;
  const probe = express();
  probe.use((req, _res, next) => {
    seen = req;
    next();
  });
  probe.use(await testApp());
  const res = await request(probe).get(url);
  const template: unknown = seen?.route?.path;
  return {
    answeredBy: typeof template === 'string' ? `the '${template}' route` : 'no route',
    status: res.status,
    body: res.body,
  };
}

describe('exercise 2.1: /products/search is not shadowed by /products/:id', () => {
  it("answers GET /products/search from the '/search' route, and /products/3 from '/:id'", async () => {
    expect(await answer('/api/v1/products/search?q=lap')).toEqual({
      answeredBy: "the '/search' route",
      status: 200,
      body: { data: [expect.objectContaining({ id: 2, name: 'Laptop stand' })] },
    });
    expect(await answer('/api/v1/products/3')).toEqual({
      answeredBy: "the '/:id' route",
      status: 200,
      body: expect.objectContaining({ id: 3, name: 'USB-C hub' }),
    });
  });

  it('searches case-insensitively in names and descriptions', async () => {
    const found = async (q: string) => {
      const { answeredBy, status, body } = await answer(`/api/v1/products/search?q=${q}`);
      const result = Array.isArray(body.data) ? body.data.map((p: { id: number }) => p.id) : body;
      return { q, answeredBy, status, result };
    };
    expect([await found('BATTERY'), await found('Hub')]).toEqual([
      { q: 'BATTERY', answeredBy: "the '/search' route", status: 200, result: [4] },
      { q: 'Hub', answeredBy: "the '/search' route", status: 200, result: [3] },
    ]);
  });

  it("answers 400 when q is missing, from the '/search' route", async () => {
    expect(await answer('/api/v1/products/search')).toEqual({
      answeredBy: "the '/search' route",
      status: 400,
      body: { error: 'The query parameter q is required' },
    });
  });
});
