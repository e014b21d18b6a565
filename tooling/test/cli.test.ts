// The learner commands, run as a learner runs them (a child process in the repository),
// on a fixture course with its own git history.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../src/cli';
import { describeTypes } from '../src/commands/check';
import { loadCourse } from '../src/course';
import { makeFixture, REPO_ROOT, removeFixture } from './fixture';

const cli = path.join(REPO_ROOT, 'tooling', 'src', 'cli.ts');
// What `--import tsx` loads, by absolute URL, so the command can run from any folder.
const tsxLoader = pathToFileURL(
  path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;

/** As a learner runs it: a separate process, so the exit code and stderr are the real ones. */
function courseProcess(
  cwd: string,
  ...args: string[]
): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', tsxLoader, cli, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The same command in this process (much faster; output captured from the console). */
async function course(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a: unknown[]) => {
    out.push(a.join(' '));
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => {
    err.push(a.join(' '));
  });
  try {
    const code = await runCli(args, cwd);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

jest.setTimeout(60_000);

describe('course commands', () => {
  let root: string;
  const starterFile = (): string => path.join(root, 'days', '01-demo', 'src', 'sum.ts');

  beforeAll(async () => {
    root = makeFixture('cli');
    expect((await course(root, 'sync')).code).toBe(0);
    git(root, 'init', '-q');
    git(root, 'add', '.');
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'starter');
  });
  afterAll(() => removeFixture(root));

  it('refuses a day that does not exist with one line naming the valid range', () => {
    const r = courseProcess(root, 'check', '7');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('error: there is no day 7: the course has days 1 to 2');
  });

  it('refuses a misspelt flag with one line suggesting the valid one, and runs nothing', async () => {
    const r = await course(root, 'check', '1', '--wach');
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: unknown option --wach (did you mean --watch?)');
    expect(r.out).toBe('');
  });

  it('says that type errors anywhere in the day count when checking one exercise', () => {
    const day = loadCourse(root).days[0]!;
    const failed = { ok: false, output: '', errors: [] };
    expect(describeTypes(root, day, failed, false)).toMatch(
      /✘ day 1 does not type-check \(strict\) \(type errors anywhere in day 1 count, not only in this exercise's files\)/,
    );
    expect(describeTypes(root, day, { ...failed, ok: true }, true)).toBe(
      '✔ day 1 type-checks (strict)',
    );
  });

  it('the integrity check (npm test) parses its arguments as strictly', () => {
    const main = path.join(REPO_ROOT, 'tooling', 'src', 'verify', 'main.ts');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', tsxLoader, main, ...args], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      });
    const typo = run('--hlep');
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('error: unknown option --hlep (did you mean --help?)\n');
  });

  it('prints usage generated from the declarations with --help', async () => {
    const r = await course(root, 'check', '--help');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('usage: npm run check -- <N | N.M> [--watch]');
    expect(r.out).toMatch(/--watch\s+re-run on every save/);
    const all = await course(root);
    expect(all.out).toMatch(/npm run day:N -- \[--port <port>\] \[--host <address>\]/);
  });

  it('refuses a --port that is not an integer from 0 to 65535, in one line', async () => {
    for (const bad of ['70000', 'http', '-1', '']) {
      const r = await course(root, 'day', '1', `--port=${bad}`);
      expect(r.code).toBe(2);
      expect(r.err).toBe(`error: --port must be an integer from 0 to 65535 (got "${bad}")`);
    }
  });

  it('refuses a malformed exercise id with one line', async () => {
    const r = await course(root, 'hint', '1-1');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/"1-1" is not an exercise id: use N\.M/);
  });

  it('refuses to run outside the course repository', () => {
    const r = courseProcess(os.tmpdir(), 'progress');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/not inside the course repository/);
  });

  it('reveals one more hint each time, then points at the lesson and the solution', async () => {
    const first = await course(root, 'hint', '1.1');
    expect(first.out).toMatch(/Hint 1\/2: Look at the operator\./);
    expect(first.out).not.toMatch(/Use \+\./);
    const second = await course(root, 'hint', '1.1');
    expect(second.out).toMatch(/Hint 2\/2: Use \+\./);
    expect(second.out).toMatch(/Re-read: days\/01-demo\/README\.md § 1\. Adding/);
    expect(second.out).toMatch(/last hint/);
  });

  it('check fails on the starter, naming the exercise, the unmet expectation and where to work', async () => {
    const r = await course(root, 'check', '1');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/✘ 1\.1 Add two numbers/);
    expect(r.out).toMatch(/TODO\(exercise 1\.1\)/);
    expect(r.out).toMatch(/work in: days\/01-demo\/src\/sum\.ts/);
  });

  it('solution --apply refuses to overwrite without confirmation when it cannot ask', async () => {
    const before = fs.readFileSync(starterFile(), 'utf8');
    const r = await course(root, 'solution', '1', '--apply');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/re-run with --yes/);
    expect(fs.readFileSync(starterFile(), 'utf8')).toBe(before);
  });

  it('solution shows the diff; --apply --yes takes it, check then passes; reset brings the starter back', async () => {
    const starter = fs.readFileSync(starterFile(), 'utf8');
    expect((await course(root, 'solution', '1')).out).toMatch(/\+\s+return a \+ b;/);

    expect((await course(root, 'solution', '1', '--apply', '--yes')).code).toBe(0);
    expect(fs.readFileSync(starterFile(), 'utf8')).toMatch(/return a \+ b;/);
    const check = await course(root, 'check', '1');
    expect(check.out).toMatch(/✔ 1\.1 Add two numbers/);
    expect(check.out).toMatch(/✔ day 1 type-checks \(strict\)/);
    expect(check.code).toBe(0);

    // A type error anywhere in the day makes it not done, even with every test passing.
    const typo = path.join(root, 'days', '01-demo', 'src', 'typo.ts');
    fs.writeFileSync(typo, "export const total: number = 'three';\n");
    try {
      const typed = await course(root, 'check', '1');
      expect(typed.code).toBe(1);
      expect(typed.out).toMatch(/✔ 1\.1 Add two numbers/);
      expect(typed.out).toMatch(/✘ day 1 does not type-check \(strict\)\n/);
      expect(typed.out).toMatch(
        /1 error; the first:\n\s+days\/01-demo\/src\/typo\.ts:1:14 TS2322: Type 'string' is not assignable to type 'number'\./,
      );
      expect(typed.out).toMatch(/all of them: npx tsc -p days\/01-demo\/tsconfig\.json/);
      expect(typed.out).toMatch(
        /1\/1 exercises pass their tests, but day 1 does not type-check: not done yet/,
      );
      // tsc runs incrementally (.course/tsbuildinfo): with nothing changed, it still reports it.
      const again = await course(root, 'check', '1.1');
      expect(again.out).toMatch(/typo\.ts:1:14 TS2322/);
    } finally {
      fs.rmSync(typo);
    }
    // …and once the error is gone, the next check sees that too.
    expect((await course(root, 'check', '1')).code).toBe(0);

    // The learner commits their work: reset still finds the pristine starter in history.
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qam', 'solved');
    const reset = await course(root, 'reset', '1', '--yes');
    expect(reset.code).toBe(0);
    expect(fs.readFileSync(starterFile(), 'utf8')).toBe(starter);
    // Day 2 was not touched.
    expect(fs.readFileSync(path.join(root, 'days', '02-next', 'src', 'sum.ts'), 'utf8')).toMatch(
      /a \+ b/,
    );
  });

  it("reset removes a file the solution added but keeps the learner's own files", async () => {
    const added = path.join(root, 'solutions', '01-demo', 'src', 'helper.ts');
    fs.writeFileSync(added, 'export const helper = 1;\n');
    const mine = path.join(root, 'days', '01-demo', 'src', 'notes.ts');
    try {
      expect((await course(root, 'solution', '1', '--apply', '--yes')).code).toBe(0);
      const applied = path.join(root, 'days', '01-demo', 'src', 'helper.ts');
      expect(fs.existsSync(applied)).toBe(true);
      fs.writeFileSync(mine, 'export const mine = 2;\n');

      const reset = await course(root, 'reset', '1', '--yes');
      expect(reset.code).toBe(0);
      expect(reset.out).toMatch(
        /removes 1 file\(s\) the starter does not have:\n\s+src\/helper\.ts/,
      );
      expect(reset.out).toMatch(/Left in place .*src\/notes\.ts/);
      expect(fs.existsSync(applied)).toBe(false);
      expect(fs.existsSync(mine)).toBe(true);
    } finally {
      fs.rmSync(added, { force: true });
      fs.rmSync(mine, { force: true });
    }
  });

  it("diff --solved shows exactly the next day's material", async () => {
    const r = await course(root, 'diff', '1', '2', '--solved');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 added, 1 modified, 0 removed/);
    expect(r.out).toMatch(/A src\/double\.ts/);
    const plain = await course(root, 'diff', '1', '2');
    expect(plain.out).toMatch(/M src\/sum\.ts/);
  });

  it("diff takes final as a side: the day's src/ against final/src, nothing else", async () => {
    const finalSrc = path.join(root, 'final', 'src');
    fs.mkdirSync(finalSrc, { recursive: true });
    fs.writeFileSync(
      path.join(finalSrc, 'sum.ts'),
      'export function sum(a: number, b: number): number {\n  return b + a;\n}\n',
    );
    fs.writeFileSync(path.join(finalSrc, 'server.ts'), 'console.log("final");\n');
    try {
      const r = await course(root, 'diff', '1', 'final', '--solved');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/days\/01-demo\/src \(solved\) → final\/src/);
      expect(r.out).toMatch(/0 added, 2 modified, 0 removed/);
      expect(r.out).not.toMatch(/test\/|README/);
      const refused = await course(root, 'diff', 'final', '1', '--solved');
      expect(refused.code).toBe(2);
      expect(refused.err).toMatch(/final\/ has none/);
    } finally {
      fs.rmSync(path.join(root, 'final'), { recursive: true, force: true });
    }
  });
});

describe('check --watch', () => {
  let root: string;
  afterAll(() => removeFixture(root));

  it('checks again on each save, tests and types, and on a key press; q ends it', async () => {
    root = makeFixture('watch');
    const src = (name: string): string => path.join(root, 'days', '01-demo', 'src', name);
    // Written beside the day and renamed in: one change event per save, so one run per save.
    const save = (name: string, text: string): void => {
      const draft = path.join(root, `${name}.draft`);
      fs.writeFileSync(draft, text);
      fs.renameSync(draft, src(name));
    };
    const child = spawn(process.execPath, ['--import', tsxLoader, cli, 'check', '1.1', '--watch'], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const waiters: Array<() => void> = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const wake of waiters.splice(0)) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    /** The output of the next run, up to the line that says the loop waits again. */
    const nextRun = async (): Promise<string> => {
      while (!out.includes('watching for changes')) {
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
      const run = out.slice(0, out.indexOf('watching for changes'));
      out = out.slice(out.indexOf('watching for changes') + 1);
      return run;
    };
    try {
      const first = await nextRun();
      expect(first).toMatch(/✘ 1\.1 Add two numbers/);
      expect(first).toMatch(/✔ day 1 type-checks/);

      save('sum.ts', 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n');
      const solved = await nextRun();
      expect(solved).toMatch(/✔ 1\.1 Add two numbers/);
      expect(solved).toMatch(/1\/1 exercises done/);

      save('typo.ts', "export const total: number = 'three';\n");
      const typed = await nextRun();
      expect(typed).toMatch(/✔ 1\.1 Add two numbers/);
      expect(typed).toMatch(/days\/01-demo\/src\/typo\.ts:1:14 TS2322/);
      expect(typed).toMatch(/not done yet/);

      fs.rmSync(src('typo.ts'));
      expect(await nextRun()).toMatch(/1\/1 exercises done/);

      child.stdin.write('r');
      expect(await nextRun()).toMatch(/1\/1 exercises done/);

      child.stdin.write('q');
      expect(await exited).toBe(0);
      expect(err).toBe('');
    } finally {
      child.kill();
    }
  }, 90_000);
});
