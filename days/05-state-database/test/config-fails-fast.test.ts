import { ConfigError, loadConfig } from '../src/config';

function problemsOf(env: Record<string, string>): readonly string[] {
  let thrown: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  return (thrown as ConfigError).problems;
}

describe('configuration fails fast', () => {
  it('rejects a PORT that is not a number', () => {
    expect(problemsOf({ PORT: 'http' })).toEqual([expect.stringContaining('PORT')]);
  });

  it('rejects a PORT outside 0-65535 or with a fraction', () => {
    expect(problemsOf({ PORT: '65536' })).toEqual([expect.stringContaining('PORT')]);
    expect(problemsOf({ PORT: '-1' })).toEqual([expect.stringContaining('PORT')]);
    expect(problemsOf({ PORT: '80.5' })).toEqual([expect.stringContaining('PORT')]);
  });

  it('rejects an empty PORT instead of reading it as 0', () => {
    expect(problemsOf({ PORT: '' })).toEqual([expect.stringContaining('PORT')]);
  });

  it('rejects an unknown NODE_ENV', () => {
    expect(problemsOf({ NODE_ENV: 'prod' })).toEqual([expect.stringContaining('NODE_ENV')]);
  });

  it('reports every problem at once, not only the first', () => {
    const problems = problemsOf({ PORT: 'x', NODE_ENV: 'staging' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/NODE_ENV/);
  });

  it('still accepts PORT=0 (any free port) and the edges 1 and 65535', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '1' }).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });
});
