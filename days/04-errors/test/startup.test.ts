import { systemClock } from '../src/core/clock';
import { buildApplication } from '../src/startup';
import { manualClock, testConfig } from './helpers';

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
});
