import request from 'supertest';
import { testApp, testDatabase } from './helpers';

describe('exercise 5.3: /ready checks the injected database, /health does not', () => {
  it('answers 200 ready while the database answers', async () => {
    const res = await request(await testApp()).get('/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers 503 as problem+json once the database is gone', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    db.close();
    const res = await request(app).get('/ready');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 503, detail: 'Database unavailable' });
  });

  it('keeps /health (liveness) at 200 even then: restarting would not fix the database', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    db.close();
    await request(app).get('/health').expect(200);
  });
});
