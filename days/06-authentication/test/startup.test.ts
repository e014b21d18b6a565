import { systemClock } from '../src/core/clock';
import { type Application, buildApplication } from '../src/startup';
import { manualClock, testConfig, testDatabase } from './helpers';

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

  it('leaves a database it was given open: it belongs to the caller', async () => {
    const db = testDatabase();
    const application = await buildApplication(testConfig, { db });
    expect(application.deps.db).toBe(db);
    await application.close();
    expect(db.open).toBe(true);
    db.close();
  });
});
