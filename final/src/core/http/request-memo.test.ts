import express from 'express';
import request from 'supertest';
import { memoizeRequestGetters } from './request-memo';

describe('memoizeRequestGetters', () => {
  function appCountingQueryParses() {
    let parses = 0;
    const app = express();
    app.set('query parser', (text: string) => {
      parses++;
      return Object.fromEntries(new URLSearchParams(text));
    });
    app.set('trust proxy', 'loopback');
    return { app, parses: () => parses };
  }

  it('parses the query string once per request, however often req.query is read', async () => {
    const { app, parses } = appCountingQueryParses();
    memoizeRequestGetters(app);
    app.get('/', (req, res) => {
      const reads = [req.query, req.query, req.query];
      res.json({ same: reads.every((q) => q === reads[0]), q: req.query['q'] });
    });
    const res = await request(app).get('/?q=1').expect(200);
    expect(res.body).toEqual({ same: true, q: '1' });
    expect(parses()).toBe(1);
    await request(app).get('/?q=2').expect(200, { same: true, q: '2' });
    expect(parses()).toBe(2);
  });

  it('keeps writes to req.query, as sanitizers need', async () => {
    const { app } = appCountingQueryParses();
    memoizeRequestGetters(app);
    app.get('/', (req, res) => {
      req.query = { replaced: 'yes' };
      res.json(req.query);
    });
    await request(app).get('/?q=1').expect(200, { replaced: 'yes' });
  });

  it('computes req.ip once, honouring trust proxy', async () => {
    const { app } = appCountingQueryParses();
    memoizeRequestGetters(app);
    app.get('/', (req, res) => {
      res.json({ ip: req.ip, again: req.ip });
    });
    const res = await request(app).get('/').set('X-Forwarded-For', '203.0.113.9').expect(200);
    expect(res.body).toEqual({ ip: '203.0.113.9', again: '203.0.113.9' });
  });

  it('changes only the app it is given', async () => {
    const memoized = appCountingQueryParses();
    memoizeRequestGetters(memoized.app);
    const plain = appCountingQueryParses();
    plain.app.get('/', (req, res) => {
      const first = req.query;
      res.json({ same: first === req.query });
    });
    await request(plain.app).get('/?q=1').expect(200, { same: false });
    expect(plain.parses()).toBe(2);
  });
});
