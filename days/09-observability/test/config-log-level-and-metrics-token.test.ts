import { ConfigError, loadConfig } from '../src/config';

/** The problems loadConfig reports for `env`, or none. */
function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('LOG_LEVEL and METRICS_TOKEN', () => {
  it('logs at info by default, and writes nothing in tests unless asked', () => {
    expect({
      development: loadConfig({}).logLevel,
      production: loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).logLevel,
      test: loadConfig({ NODE_ENV: 'test' }).logLevel,
      'test with LOG_LEVEL=debug': loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'debug' }).logLevel,
    }).toEqual({
      development: 'info',
      production: 'info',
      test: 'silent',
      'test with LOG_LEVEL=debug': 'debug',
    });
  });

  it('refuses a level it does not know, and a metrics token shorter than 16 characters', () => {
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual([
      expect.stringMatching(/^LOG_LEVEL .*debug, info, warn, error, silent/),
    ]);
    expect(problemsOf({ METRICS_TOKEN: 'short' })).toEqual([
      'METRICS_TOKEN must be at least 16 characters long',
    ]);
    expect(loadConfig({ METRICS_TOKEN: 'sixteen-chars-ok' }).metricsToken).toBe('sixteen-chars-ok');
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });
});
