import request from 'supertest';
import { testApp } from './helpers';

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
