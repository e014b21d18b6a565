import { ConfigError, loadConfig } from '../src/config';
import { EnvReader, type IntRange } from '../src/config/env-reader';

/** What loadConfig did with an environment, in words a failure message can show. */
function loadOutcome(env: Record<string, string>) {
  try {
    return { returned: loadConfig(env) };
  } catch (error) {
    if (error instanceof ConfigError) return { threw: 'ConfigError', problems: error.problems };
    return { threw: String(error) };
  }
}

/** One read through a fresh reader: the value it returned and the problems it recorded. */
function readInt(name: string, raw: string, fallback: number, range: IntRange) {
  const reader = new EnvReader({ [name]: raw });
  const value = reader.int(name, fallback, range);
  return { value, problems: reader.problems };
}

function readOneOf(name: string, raw: string, values: readonly string[], fallback: string) {
  const reader = new EnvReader({ [name]: raw });
  const value = reader.oneOf(name, values, fallback);
  return { value, problems: reader.problems };
}

/** Runs `read` for each raw value of `name` and keys the outcomes as NAME=raw, so a failure
 * names the input. */
function eachOf<T>(
  name: string,
  raws: readonly string[],
  read: (raw: string) => T,
): Record<string, T> {
  return Object.fromEntries(raws.map((raw) => [`${name}=${raw}`, read(raw)]));
}

const rejected = (name: string, fallback: number | string) => ({
  value: fallback,
  problems: [expect.stringContaining(name)],
});
const accepted = (value: number | string) => ({ value, problems: [] });

describe('configuration fails fast', () => {
  it('loadConfig rejects PORT=http with one ConfigError that names PORT, instead of returning a config', () => {
    expect(loadOutcome({ PORT: 'http' })).toEqual({
      threw: 'ConfigError',
      problems: [expect.stringContaining('PORT')],
    });
  });

  it('int accepts only a whole number written in digits: anything else is one problem naming the variable, and the fallback', () => {
    const workers = { min: 1, max: 16 };
    const raws = ['', 'eight', '8.5', '1e1', ' 8', '0x8', '8 workers'];
    expect(eachOf('WORKERS', raws, (raw) => readInt('WORKERS', raw, 4, workers))).toEqual(
      eachOf('WORKERS', raws, () => rejected('WORKERS', 4)),
    );
  });

  it('int enforces the range it is given, both edges included', () => {
    const workers = { min: 1, max: 16 };
    const workerReads = eachOf('WORKERS', ['0', '1', '16', '17'], (raw) =>
      readInt('WORKERS', raw, 4, workers),
    );
    expect(workerReads).toEqual({
      'WORKERS=0': rejected('WORKERS', 4),
      'WORKERS=1': accepted(1),
      'WORKERS=16': accepted(16),
      'WORKERS=17': rejected('WORKERS', 4),
    });
    const port = { min: 0, max: 65535 };
    const portReads = eachOf('PORT', ['-1', '0', '65535', '65536'], (raw) =>
      readInt('PORT', raw, 3000, port),
    );
    expect(portReads).toEqual({
      'PORT=-1': rejected('PORT', 3000),
      'PORT=0': accepted(0),
      'PORT=65535': accepted(65535),
      'PORT=65536': rejected('PORT', 3000),
    });
  });

  it('oneOf accepts exactly one of the values it is given: anything else is one problem naming the variable, and the fallback', () => {
    const formats = ['json', 'pretty'];
    const reads = eachOf('LOG_FORMAT', ['json', 'pretty', 'JSON', 'text', ''], (raw) =>
      readOneOf('LOG_FORMAT', raw, formats, 'pretty'),
    );
    expect(reads).toEqual({
      'LOG_FORMAT=json': accepted('json'),
      'LOG_FORMAT=pretty': accepted('pretty'),
      'LOG_FORMAT=JSON': rejected('LOG_FORMAT', 'pretty'),
      'LOG_FORMAT=text': rejected('LOG_FORMAT', 'pretty'),
      'LOG_FORMAT=': rejected('LOG_FORMAT', 'pretty'),
    });
  });

  it('loadConfig reports every problem at once, in the order the settings are read', () => {
    expect(loadOutcome({ PORT: '80.5', NODE_ENV: 'staging', HOST: '0.0.0.0' })).toEqual({
      threw: 'ConfigError',
      problems: [expect.stringContaining('NODE_ENV'), expect.stringContaining('PORT')],
    });
  });
});
