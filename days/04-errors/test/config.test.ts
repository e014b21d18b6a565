import { loadConfig } from '../src/config';

describe('loadConfig', () => {
  it('uses development defaults when the environment is empty', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      version: '0.0.0-dev',
      bodyLimitBytes: 102400,
    });
  });

  it('reads HOST, PORT, NODE_ENV, APP_VERSION and BODY_LIMIT_BYTES', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      NODE_ENV: 'production',
      APP_VERSION: '2.0.0',
      BODY_LIMIT_BYTES: '2048',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      version: '2.0.0',
      bodyLimitBytes: 2048,
    });
  });

  it('reads an empty HOST or APP_VERSION as unset: HOST= must not mean every interface', () => {
    expect(loadConfig({ HOST: '', APP_VERSION: '' })).toMatchObject({
      host: '127.0.0.1',
      version: '0.0.0-dev',
    });
  });

  it('rejects a BODY_LIMIT_BYTES that is not a positive whole number', () => {
    for (const BODY_LIMIT_BYTES of ['0', '-1', '1mb', '', '99999999']) {
      expect(() => loadConfig({ BODY_LIMIT_BYTES })).toThrow(/BODY_LIMIT_BYTES/);
    }
  });

  it('returns a frozen object, so no module can change configuration at run time', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it('accepts PORT=0 (any free port) and the edges 1 and 65535', () => {
    expect(['0', '1', '65535'].map((PORT) => loadConfig({ PORT }).port)).toEqual([0, 1, 65535]);
  });
});
