// The command lines every course command accepts are declared as data and parsed strictly.
import {
  editDistance,
  nearest,
  overview,
  parseCommand,
  synopsis,
  UsageError,
  usage,
} from '../src/args';
import { parseHostOption, parsePortOption, serverEnv } from '../src/commands/day';
import { COMMANDS, integrityCheck } from '../src/commands/specs';

const spec = (name: string) => {
  const found = [...COMMANDS, integrityCheck].find((c) => c.name === name);
  if (!found) throw new Error(`no command ${name}`);
  return found;
};

const usageError = (name: string, argv: string[]): string => {
  try {
    parseCommand(spec(name), argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`${name} ${argv.join(' ')} was accepted`);
};

describe('parsing a command line strictly', () => {
  it('reads positionals and declared options', () => {
    expect(parseCommand(spec('check'), ['2', '--watch'])).toEqual({
      positionals: ['2'],
      options: { watch: true },
      help: false,
    });
    expect(parseCommand(spec('day'), ['1', '--port', '4321', '--host=0.0.0.0'])).toEqual({
      positionals: ['1'],
      options: { port: '4321', host: '0.0.0.0' },
      help: false,
    });
  });

  it('answers a misspelt flag with the nearest valid one, in one line', () => {
    expect(usageError('check', ['2', '--wach'])).toBe(
      'unknown option --wach (did you mean --watch?)',
    );
    expect(usageError('solution', ['2', '--aply'])).toBe(
      'unknown option --aply (did you mean --apply?)',
    );
    expect(usageError('diff', ['1', '2', '--solvd'])).toBe(
      'unknown option --solvd (did you mean --solved?)',
    );
    expect(usageError('day', ['1', '--prot', '1'])).toBe(
      'unknown option --prot (did you mean --port?)',
    );
  });

  it('suggests each declared option of every command when one letter is missing', () => {
    for (const c of [...COMMANDS, integrityCheck]) {
      for (const name of [...Object.keys(c.options), 'help']) {
        const typo = `--${name.slice(0, -1)}`;
        const argv = [...c.positionals.map(() => '1'), typo];
        expect(usageError(c.name, argv)).toBe(`unknown option ${typo} (did you mean --${name}?)`);
      }
    }
  });

  it('lists the valid flags when nothing is close', () => {
    expect(usageError('check', ['2', '--frobnicate'])).toBe(
      'unknown option --frobnicate (valid options: --watch, --help)',
    );
    expect(usageError('test', ['--only-final'])).toBe(
      'unknown option --only-final (valid options: --help)',
    );
    expect(usageError('hint', ['1.1', '-x'])).toBe('unknown option -x (valid options: --help)');
  });

  it('refuses a value on a switch, a missing value and an extra argument', () => {
    expect(usageError('check', ['2', '--watch=yes'])).toBe('option --watch takes no value');
    expect(usageError('day', ['1', '--port'])).toBe('option --port needs a value: --port <port>');
    expect(usageError('day', ['1', '--port', '--host', 'x'])).toBe(
      'option --port needs a value: --port <port>',
    );
    expect(usageError('check', ['1', '2'])).toBe(
      'unexpected argument "2": usage: npm run check -- <N | N.M> [--watch]',
    );
    expect(usageError('progress', ['now'])).toBe(
      'unexpected argument "now": usage: npm run progress',
    );
  });

  it('accepts --help and -h for every command', () => {
    for (const c of [...COMMANDS, integrityCheck]) {
      expect(parseCommand(c, ['--help']).help).toBe(true);
      expect(parseCommand(c, ['-h']).help).toBe(true);
    }
  });
});

describe('usage text generated from the declarations', () => {
  it('shows how to type each command', () => {
    expect(synopsis(spec('day'))).toBe('npm run day:N -- [--port <port>] [--host <address>]');
    expect(synopsis(spec('check'))).toBe('npm run check -- <N | N.M> [--watch]');
    expect(synopsis(spec('solution'))).toBe('npm run solution -- <N> [--apply] [--yes]');
    expect(synopsis(spec('diff'))).toBe('npm run diff -- <A> <B> [--solved]');
    expect(synopsis(spec('sync'))).toBe('npm run course:sync');
    expect(synopsis(integrityCheck)).toBe('npm test');
  });

  it('lists every positional and option of a command with its description', () => {
    for (const c of [...COMMANDS, integrityCheck]) {
      const text = usage(c);
      expect(text.split('\n')[0]).toBe(`usage: ${synopsis(c)}`);
      for (const p of c.positionals) expect(text).toContain(`  ${p.name}  `);
      for (const [name, o] of Object.entries(c.options)) {
        expect(text).toMatch(
          new RegExp(`--${name}\\b.*${o.description.slice(0, 20).replace(/[()]/g, '.')}`),
        );
      }
      expect(text).toMatch(/-h, --help\s+show this help/);
    }
  });

  it('gives one line per command in the overview', () => {
    const text = overview(COMMANDS);
    for (const c of COMMANDS) expect(text).toContain(synopsis(c));
  });
});

describe("the day command's --port and --host", () => {
  const parsed = (...argv: string[]) => parseCommand(spec('day'), ['1', ...argv]);

  it('passes only the flags given to the server, so PORT from the environment or .env still applies', () => {
    expect(serverEnv(parsed())).toEqual({});
    expect(serverEnv(parsed('--port', '4321', '--host', '0.0.0.0'))).toEqual({
      PORT: '4321',
      HOST: '0.0.0.0',
    });
  });

  it('accepts 0 to 65535 in decimal digits only', () => {
    expect(parsePortOption('0')).toBe('0');
    expect(parsePortOption('65535')).toBe('65535');
    for (const bad of ['65536', '-1', '80.5', '1e3', '0x50', ' 80', '']) {
      expect(() => parsePortOption(bad)).toThrow(
        `--port must be an integer from 0 to 65535 (got "${bad}")`,
      );
    }
  });

  it('refuses an empty host or one with spaces', () => {
    expect(parseHostOption('::1')).toBe('::1');
    expect(() => parseHostOption('')).toThrow(UsageError);
    expect(() => parseHostOption('local host')).toThrow(UsageError);
  });
});

describe('edit distance', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('--wacth', '--watch')).toBe(1);
    expect(editDistance('--wach', '--watch')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(nearest('--port', ['--watch', '--help'])).toBeUndefined();
  });
});
