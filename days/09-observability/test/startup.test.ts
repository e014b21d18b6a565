import request from 'supertest';
import { systemClock } from '../src/core/clock';
import { type Application, buildApplication } from '../src/startup';
import { manualClock, recordingLogger, testConfig, testDatabase } from './helpers';

const productCount = (application: Application) =>
  application.deps.db.prepare('SELECT COUNT(*) FROM products').pluck().get();

describe('buildApplication (the composition root)', () => {
  it('builds the app from the config, with the system clock unless told otherwise', async () => {
    const application = await buildApplication(testConfig);
    expect(application.deps.config).toBe(testConfig);
    expect(application.deps.clock).toBe(systemClock);
    expect(typeof application.app).toBe('function'); // a request listener, not a server
    await application.close();
  });

  it('lets a caller replace a dependency, e.g. a test clock', async () => {
    const clock = manualClock();
    const application = await buildApplication(testConfig, { clock });
    expect(application.deps.clock).toBe(clock);
    await application.close();
  });

  it('opens and migrates its own database, and closes it on close()', async () => {
    const application = await buildApplication(testConfig);
    expect(productCount(application)).toBe(0); // migrated; demo data only in development
    await application.close();
    expect(application.deps.db.open).toBe(false);
  });

  it('seeds the demo products in development only', async () => {
    const application = await buildApplication({ ...testConfig, nodeEnv: 'development' });
    expect(productCount(application)).toBe(4);
    await application.close();
  });

  it('creates the configured admin when no admin exists, and only then', async () => {
    const admin = { email: 'boss@example.com', password: 'a long enough password' };
    const db = testDatabase();
    db.exec(`UPDATE users SET role = 'user' WHERE role = 'admin'`);
    const first = await buildApplication({ ...testConfig, admin }, { db });
    const login = await request(first.app).post('/api/v1/auth/login').send(admin);
    const me = await request(first.app)
      .get('/api/v1/users/me')
      .set('Authorization', `Bearer ${login.body.accessToken}`);
    // A second start finds an admin and creates nobody, whatever the settings say.
    await buildApplication(
      { ...testConfig, admin: { ...admin, email: 'other@example.com' } },
      { db },
    );
    const admins = db.prepare(`SELECT email FROM users WHERE role = 'admin'`).pluck().all();
    expect({ role: me.body.role, admins }).toEqual({ role: 'admin', admins: [admin.email] });
    db.close();
  });

  it('never promotes an existing account that holds the admin email, and says so', async () => {
    const db = testDatabase();
    db.exec(`UPDATE users SET role = 'user' WHERE role = 'admin'`);
    const logger = recordingLogger();
    await buildApplication(
      { ...testConfig, admin: { email: 'linus@example.com', password: 'a long enough password' } },
      { db, logger },
    );
    const linus = db.prepare(`SELECT role FROM users WHERE email = 'linus@example.com'`).pluck();
    expect({ role: linus.get(), logged: logger.entries.map((e) => e.message) }).toEqual({
      role: 'user',
      logged: ['ADMIN_EMAIL belongs to an existing non-admin account; it was not promoted'],
    });
    db.close();
  });

  it('leaves a database it was given open: it belongs to the caller', async () => {
    const db = testDatabase();
    const application = await buildApplication(testConfig, { db });
    expect(application.deps.db).toBe(db);
    await application.close();
    expect(db.open).toBe(true);
    db.close();
  });
});
