import express from 'express';
import request from 'supertest';
import { testApp } from './helpers';

/**
 * Sends a GET and sums up the answer in one line, starting with the route that answered it.
 * `req.route` is the route the router dispatched the request to, and its `path` is the route's
 * template ('/:id'), so a handler that quietly serves the search from the '/:id' route does
 * not pass.
 */
async function answer(url: string): Promise<string> {
  let seen: express.Request | undefined;
  const probe = express();
  probe.use((req, _res, next) => {
    seen = req;
    next();
  });
  probe.use(await testApp());
  const res = await request(probe).get(url);
  const template: unknown = seen?.route?.path;
  const route = typeof template === 'string' ? `the '${template}' route` : 'no route';
  return `GET ${url} -> ${route}, ${res.status} ${summarize(res.body)}`;
}

function summarize(body: {
  data?: unknown;
  error?: unknown;
  id?: unknown;
  name?: unknown;
}): string {
  if (Array.isArray(body.data)) {
    return `[${body.data.map((p: { id: number; name: string }) => `${p.id} ${p.name}`).join(', ')}]`;
  }
  if (typeof body.error === 'string') return `error: ${body.error}`;
  if (body.id !== undefined) return `product ${String(body.id)}: ${String(body.name)}`;
  return JSON.stringify(body);
}

describe('/products/search is not shadowed by /products/:id', () => {
  it("answers GET /products/search from the '/search' route, and /products/3 from '/:id'", async () => {
    expect([
      await answer('/api/v1/products/search?q=lap'),
      await answer('/api/v1/products/3'),
    ]).toEqual([
      "GET /api/v1/products/search?q=lap -> the '/search' route, 200 [2 Laptop stand]",
      "GET /api/v1/products/3 -> the '/:id' route, 200 product 3: USB-C hub",
    ]);
  });

  it('searches case-insensitively in names and descriptions', async () => {
    expect([
      await answer('/api/v1/products/search?q=BATTERY'),
      await answer('/api/v1/products/search?q=Hub'),
    ]).toEqual([
      "GET /api/v1/products/search?q=BATTERY -> the '/search' route, 200 [4 Noise-cancelling headphones]",
      "GET /api/v1/products/search?q=Hub -> the '/search' route, 200 [3 USB-C hub]",
    ]);
  });
});
