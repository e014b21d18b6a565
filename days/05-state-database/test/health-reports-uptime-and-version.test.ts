import request from 'supertest';
import { manualClock, testApp } from './helpers';

describe('/health reports uptime and version from the application context', () => {
  it('reports the version from config', async () => {
    const app = await testApp();
    const res = await request(app).get('/health');
    expect(res.body).toMatchObject({ status: 'ok', version: '1.2.3' });
  });

  it('reports whole seconds since the app was created, measured with the injected clock', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    clock.advance(42_900);
    const res = await request(app).get('/health');
    expect(res.body).toEqual({ status: 'ok', uptimeSeconds: 42, version: '1.2.3' });
  });

  it('starts at zero for a fresh app', async () => {
    const res = await request(await testApp()).get('/health');
    expect(res.body.uptimeSeconds).toBe(0);
  });
});
