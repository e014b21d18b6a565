import request from 'supertest';
import { testApp, testDatabase } from './helpers';

/** What a load balancer reads from /ready, and what the body says. */
async function readiness(app: Parameters<typeof request>[0]) {
  const res = await request(app).get('/ready');
  return {
    status: res.status,
    contentType: String(res.headers['content-type']).split(';')[0],
    detail: res.body.detail ?? res.body.status,
  };
}

const READY = { status: 200, contentType: 'application/json', detail: 'ready' };
const UNAVAILABLE = {
  status: 503,
  contentType: 'application/problem+json',
  detail: 'Database unavailable',
};

describe('/ready checks the injected database, /health does not', () => {
  it('answers 503 problem+json when its database is closed, or open but failing every query', async () => {
    const closed = testDatabase();
    const closedApp = await testApp({ db: closed });
    closed.close();

    const failing = testDatabase();
    const failingApp = await testApp({ db: failing });
    // Still open, but every query fails, as on a disk error.
    failing.prepare = () => {
      throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    };

    expect({
      'closed database': await readiness(closedApp),
      'open database whose queries fail': await readiness(failingApp),
    }).toEqual({
      'closed database': UNAVAILABLE,
      'open database whose queries fail': UNAVAILABLE,
    });
  });

  it('asks its own database on every request: ready before the close, 503 after, the other app still ready', async () => {
    const mine = testDatabase();
    const app = await testApp({ db: mine });
    const otherApp = await testApp();
    const before = await readiness(app);
    mine.close();
    expect({
      'this app, database open': before,
      'this app, database closed': await readiness(app),
      'another app, its own database open': await readiness(otherApp),
    }).toEqual({
      'this app, database open': READY,
      'this app, database closed': UNAVAILABLE,
      'another app, its own database open': READY,
    });
  });
});
