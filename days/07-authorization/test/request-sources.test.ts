// What Express 5 (5.3, router 2.3) and Node's HTTP parser put on `req`, as the lesson's § 1
// describes it. These pin the packages' behaviour, not the app's: each test builds the
// smallest app that shows one fact, so a package upgrade that changes it fails here first.
import net from 'node:net';
import express from 'express';
import request from 'supertest';

describe('req.params', () => {
  it('holds decoded strings, and a malformed escape is a 400 before any handler runs', async () => {
    const ran: string[] = [];
    const app = express();
    app.get('/things/:id', (req, res) => {
      ran.push(req.params['id'] ?? '');
      res.json({ id: req.params['id'] });
    });
    expect((await request(app).get('/things/caf%C3%A9')).body).toEqual({ id: 'café' });
    expect((await request(app).get('/things/42')).body).toEqual({ id: '42' });
    expect((await request(app).get('/things/%E0%A4%A')).status).toBe(400);
    expect(ran).toEqual(['café', '42']);
  });

  it('is a new object for each matched layer: a middleware mounted with app.use sees {}', async () => {
    const seen: unknown[] = [];
    const app = express();
    app.use((req, _res, next) => {
      seen.push({ ...req.params });
      next();
    });
    app.get('/things/:id', (req, res) => {
      seen.push({ ...req.params });
      res.end();
    });
    await request(app).get('/things/7');
    expect(seen).toEqual([{}, { id: '7' }]);
  });
});

describe('req.query', () => {
  it('is a getter that parses the query string again on every read', async () => {
    const app = express();
    app.get('/', (req, res) => {
      const first = req.query;
      first['limit'] = 'changed';
      res.json({ same: req.query === first, limitAfterWrite: req.query['limit'] });
    });
    expect(typeof Object.getOwnPropertyDescriptor(express.request, 'query')?.get).toBe('function');
    expect((await request(app).get('/?limit=5')).body).toEqual({
      same: false,
      limitAfterWrite: '5',
    });
  });

  it("uses the 'simple' parser: strings, arrays for repeated keys, no meaning in brackets", async () => {
    const app = express();
    app.get('/', (req, res) => {
      res.json(req.query);
    });
    const res = await request(app).get('/?limit=5&limit=500&page=2&name[$ne]=x');
    expect(res.body).toEqual({ limit: ['5', '500'], page: '2', 'name[$ne]': 'x' });
  });
});

/** Sends `head` (request line and headers) on a raw socket and returns the response text. */
function rawRequest(app: express.Express, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no port'));
      const socket = net.connect(address.port, '127.0.0.1', () => {
        socket.end(`${head}\r\nConnection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('close', () => server.close(() => resolve(text)));
      socket.on('error', reject);
    });
  });
}

describe('req.headers (Node 20+ HTTP parser)', () => {
  it('lower-cases names, joins repeated headers and keeps the first of a single-valued one', async () => {
    const app = express();
    app.get('/', (req, res) => {
      res.json({
        tag: req.headers['x-tag'],
        cookie: req.headers.cookie,
        userAgent: req.headers['user-agent'],
        viaGet: req.get('X-TAG'),
        raw: req.rawHeaders.filter((h) => h.toLowerCase() === 'user-agent').length,
      });
    });
    const response = await rawRequest(
      app,
      [
        'GET / HTTP/1.1',
        'Host: localhost',
        'X-Tag: a',
        'X-Tag: b',
        'Cookie: a=1',
        'Cookie: b=2',
        'User-Agent: first',
        'User-Agent: second',
      ].join('\r\n'),
    );
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
    expect(body).toEqual({
      tag: 'a, b',
      cookie: 'a=1; b=2',
      userAgent: 'first',
      viaGet: 'a, b',
      raw: 2,
    });
  });
});
