// `check` runs Jest in processes started ahead of the run (tooling/src/jest-process.ts). These
// tests prove that such a process gives the verdicts Jest on the command line gives, that its
// own startup program never leaks into Jest's workers, that a kept process sees every change,
// and that a process a run left something running in is never used again.
import fs from 'node:fs';
import path from 'node:path';
import { jestArgs, jestEnv, runJest, splitFiles } from '../src/jest';
import { type JestProcess, JestPool, startJestProcess } from '../src/jest-process';
import { REPO_ROOT, testFileWriter } from './fixture';

const root = path.join(REPO_ROOT, '.course', 'work', `jest-process-fixture-${process.pid}`);
const file = testFileWriter(root);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('splitting files over Jest processes', () => {
  it('keeps every file once, in order, in groups as even as the count allows', () => {
    const files = ['a', 'b', 'c', 'd', 'e'];
    expect(splitFiles(files, 2)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
    expect(splitFiles(files, 3)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('never makes an empty group, nor fewer than one', () => {
    expect(splitFiles(['a'], 2)).toEqual([['a']]);
    expect(splitFiles(['a', 'b'], 0)).toEqual([['a', 'b']]);
  });
});

describe('a Jest process started ahead of its run', () => {
  // Each Jest process costs about a second of CPU to start: the tests below start as few as
  // what they prove needs (nine in all).

  it('judges each file as Jest does, spread over processes; process.exit fails only its file', async () => {
    const passes = file('passes.test.ts', "test('adds', () => { expect(1 + 2).toBe(3); });\n");
    const fails = file(
      'fails.test.ts',
      "test('subtracts', () => { expect(5 - 2).toBe(4); });\ntest('ok', () => {});\n",
    );
    const crashes = file('crashes.test.ts', "throw new Error('broken at load');\n");
    const fine = file('fine.test.ts', "test('fine', () => {});\n");
    const exits = file('exits.test.ts', "test('exits', () => { process.exit(1); });\n");
    const pool = new JestPool(REPO_ROOT, jestEnv());
    try {
      pool.prepare(3);
      // Three processes: [passes, fails], [crashes, fine], [exits].
      const results = await runJest(REPO_ROOT, [passes, fails, crashes, fine, exits], {
        pool,
        processes: 3,
      });
      expect(results.get(passes)?.passed).toBe(true);
      expect(results.get(fails)).toMatchObject({ passed: false, numPassed: 1, numFailed: 1 });
      expect(results.get(fails)?.failures[0]?.name).toBe('subtracts');
      expect(results.get(crashes)?.loadError).toMatch(/broken at load/);
      expect(results.get(fine)?.passed).toBe(true);
      expect(results.get(exits)?.passed).toBe(false);
      expect(results.get(exits)?.loadError).toMatch(/process\.exit called with "1"/);
      // The process that exited is gone; the pool still has processes for the next run.
      const again = await runJest(REPO_ROOT, [fine], { pool, processes: 1 });
      expect(again.get(fine)?.passed).toBe(true);
    } finally {
      pool.dispose();
    }
  }, 60_000);

  it("lets Jest's workers run Jest, not the program that started the process", async () => {
    // New files have no timings in Jest's cache, so with two workers allowed Jest starts them.
    // A worker that inherited `-e <program>` would wait for a message that never comes.
    const files = ['w1', 'w2', 'w3'].map((name) =>
      file(
        `${name}-${Date.now()}.test.ts`,
        "test('sees a worker', () => { expect(process.execArgv).not.toContain('-e'); });\n",
      ),
    );
    const results = await runJest(REPO_ROOT, files, { maxWorkers: 2 });
    for (const f of files) expect(results.get(f)?.passed).toBe(true);
  }, 60_000);

  const runIn = async (jest: JestProcess, test: string, last = false) => {
    const out = path.join(root, `${path.basename(test)}-${Date.now()}.json`);
    await jest.run(jestArgs(REPO_ROOT, [test], out, 1), last);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
  };

  it('is kept between runs, sees the files as they are at each run, and ends after a last run', async () => {
    const jest = startJestProcess(REPO_ROOT, jestEnv());
    try {
      const test = file(
        'kept.test.ts',
        "import { n } from './value';\ntest('n', () => { expect(n).toBe(1); });\n",
      );
      const value = path.join(root, 'test', 'value.ts');
      fs.writeFileSync(value, 'export const n = 1;\n');
      expect(await runIn(jest, test)).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
      expect(jest.reusable).toBe(true);
      // The module the test imports changes between runs: the next run must see the change.
      fs.writeFileSync(value, 'export const n = 2;\n');
      const last = runIn(jest, test, true);
      expect(() => jest.run([], false)).toThrow(/cannot take a run/);
      expect(await last).toMatchObject({ numPassedTests: 0, numFailedTests: 1 });
      expect(jest.reusable).toBe(false);
    } finally {
      jest.dispose();
    }
  }, 60_000);

  /** A test that passes and writes the process id it ran in to `<name>.pid`. */
  const pidTest = (name: string, extra = ''): string =>
    file(
      `${name}.test.ts`,
      `import fs from 'node:fs';\ntest('${name}', () => { fs.writeFileSync(${JSON.stringify(path.join(root, `${name}.pid`))}, String(process.pid)); ${extra} });\n`,
    );
  const pidOf = (name: string): string => fs.readFileSync(path.join(root, `${name}.pid`), 'utf8');

  it('serves run after run from the same process while the runs leave nothing behind', async () => {
    const pool = new JestPool(REPO_ROOT, jestEnv());
    try {
      for (const name of ['first', 'second', 'third']) {
        const results = await runJest(REPO_ROOT, [pidTest(name)], { pool, processes: 1 });
        expect(results.get(path.join(root, 'test', `${name}.test.ts`))?.passed).toBe(true);
      }
      expect(new Set([pidOf('first'), pidOf('second'), pidOf('third')]).size).toBe(1);
    } finally {
      pool.dispose();
    }
  }, 60_000);

  // Long enough for Jest's own timers to end; shorter than a learner's session needs.
  const grace = 300;

  it('refuses the next run once a run has left a timer or a listening server open; the pool gives it a new process', async () => {
    // The process itself refuses: it answers no run and ends.
    const jest = startJestProcess(REPO_ROOT, jestEnv(), { grace });
    try {
      const leak = 'setInterval(() => {}, 60_000);';
      expect(await runIn(jest, pidTest('leaves-a-timer', leak))).toMatchObject({
        numPassedTests: 1,
      });
      const out = path.join(root, 'refused-next.json');
      expect(await jest.run(jestArgs(REPO_ROOT, [pidTest('next')], out, 1), false)).toBeUndefined();
      expect(fs.existsSync(out)).toBe(false);
      expect(jest.reusable).toBe(false);
    } finally {
      jest.dispose();
    }

    // The pool hands a refused run to a new process: a new pid after each leak.
    const pool = new JestPool(REPO_ROOT, jestEnv(), { grace });
    try {
      const leaks = [
        ['timer', 'setInterval(() => {}, 60_000);'],
        ['server', "require('node:http').createServer().listen(0);"],
      ];
      for (const [what, leak] of leaks) {
        await runJest(REPO_ROOT, [pidTest(`leaves-a-${what}-in-pool`, leak)], {
          pool,
          processes: 1,
        });
        const after = await runJest(REPO_ROOT, [pidTest(`after-${what}`)], { pool, processes: 1 });
        expect([...after.values()][0]?.passed).toBe(true);
        expect({ what, pid: pidOf(`after-${what}`) }).not.toEqual({
          what,
          pid: pidOf(`leaves-a-${what}-in-pool`),
        });
      }
    } finally {
      pool.dispose();
    }
  }, 60_000);
});
