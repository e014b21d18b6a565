import request from 'supertest';
import { manualClock, testApp, testConfig } from './helpers';

describe('/health reports uptime and version from the application context', () => {
  it('reports the version each app was given: two apps, two versions', async () => {
    const clock = manualClock();
    const stable = await testApp({ config: { ...testConfig, version: '1.2.3' }, clock });
    const candidate = await testApp({ config: { ...testConfig, version: '2.0.0-rc.1' }, clock });
    const bodies = {
      stable: (await request(stable).get('/health')).body,
      candidate: (await request(candidate).get('/health')).body,
    };
    expect(bodies).toEqual({
      stable: { status: 'ok', uptimeSeconds: 0, version: '1.2.3' },
      candidate: { status: 'ok', uptimeSeconds: 0, version: '2.0.0-rc.1' },
    });
  });

  it('counts whole seconds from when each app was built, reading the injected clock at every request', async () => {
    const clock = manualClock();
    const early = await testApp({ clock });
    clock.advance(42_900);
    const earlyAfter42_9s = (await request(early).get('/health')).body.uptimeSeconds;
    const late = await testApp({ clock });
    clock.advance(1_100);
    const uptimes = {
      'early app, 42.9 s after it was built': earlyAfter42_9s,
      'early app, 44.0 s after it was built': (await request(early).get('/health')).body
        .uptimeSeconds,
      'late app, 1.1 s after it was built': (await request(late).get('/health')).body.uptimeSeconds,
    };
    expect(uptimes).toEqual({
      'early app, 42.9 s after it was built': 42,
      'early app, 44.0 s after it was built': 44,
      'late app, 1.1 s after it was built': 1,
    });
  });
});
