import request from 'supertest';
import { testApp, testDatabase } from './helpers';

describe('GET /health', () => {
  it('answers 200 with a JSON status', async () => {
    const res = await request(await testApp()).get('/health');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.status).toBe('ok');
  });

  it('does not advertise Express in X-Powered-By', async () => {
    const res = await request(await testApp()).get('/health');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('builds independent apps: building starts nothing and shares no state', async () => {
    const a = await testApp();
    const b = await testApp();
    expect(a).not.toBe(b);
    await request(a).get('/health').expect(200);
    await request(b).get('/health').expect(200);
  });
});

describe('GET /ready', () => {
  it('answers 200 ready, never cached, while the database answers', async () => {
    const res = await request(await testApp()).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('leaves /health (liveness) at 200 when the database is gone: a restart would not fix it', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    db.close();
    await request(app).get('/health').expect(200);
  });
});
