// What the lesson says Express 5 does by itself with state and entity tags, on small apps of
// its own (not the course's routes): if an upgrade of express changes one, this file fails and
// the lesson needs a new sentence.
import express from 'express';
import request from 'supertest';

describe('Express 5, as the lesson describes it', () => {
  it('gives the app one app.locals, without a prototype, and each request a fresh res.locals', async () => {
    const app = express();
    app.locals['greeting'] = 'shared';
    app.get('/', (req, res) => {
      res.locals['count'] = ((res.locals['count'] as number | undefined) ?? 0) + 1;
      res.json({ fromApp: req.app.locals['greeting'], count: res.locals['count'] });
    });
    expect(Object.getPrototypeOf(app.locals)).toBeNull();
    expect((await request(app).get('/')).body).toEqual({ fromApp: 'shared', count: 1 });
    expect((await request(app).get('/')).body).toEqual({ fromApp: 'shared', count: 1 });
  });

  it('tags every JSON body with a weak ETag unless the handler set its own', async () => {
    const app = express();
    app.get('/default', (_req, res) => res.json({ id: 1 }));
    app.get('/own', (_req, res) => res.set('ETag', '"v7"').json({ id: 1 }));
    expect((await request(app).get('/default')).headers['etag']).toMatch(/^W\/"/);
    expect((await request(app).get('/own')).headers['etag']).toBe('"v7"');
  });

  it('answers 304 to a GET whose If-None-Match names the current tag, and nothing else', async () => {
    const app = express();
    app.get('/thing', (_req, res) => res.set('ETag', '"v7"').json({ id: 1 }));
    app.patch('/thing', (_req, res) => res.set('ETag', '"v8"').json({ id: 1 }));
    await request(app).get('/thing').set('If-None-Match', '"v7"').expect(304);
    // Weak comparison for If-None-Match: W/"v7" names the same version.
    await request(app).get('/thing').set('If-None-Match', 'W/"v7"').expect(304);
    await request(app).get('/thing').set('If-None-Match', '"v6"').expect(200);
    // If-Match is left to the application: Express lets a stale one through.
    await request(app).patch('/thing').set('If-Match', '"v1"').expect(200);
  });
});
