// `check` runs Jest in processes started ahead of the run (tooling/src/jest-process.ts). These
// tests prove that such a process gives the verdicts Jest on the command line gives, that its
// own startup program never leaks into Jest's workers, and that it runs once and only once.
import fs from 'node:fs';
import path from 'node:path';
import { jestArgs, jestEnv, runJest, splitFiles } from '../src/jest';
import { JestPool, startJestProcess } from '../src/jest-process';
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
  it('judges each file as Jest does, spread over two processes', async () => {
    const passes = file('passes.test.ts', "test('adds', () => { expect(1 + 2).toBe(3); });\n");
    const fails = file(
      'fails.test.ts',
      "test('subtracts', () => { expect(5 - 2).toBe(4); });\ntest('ok', () => {});\n",
    );
    const crashes = file('crashes.test.ts', "throw new Error('broken at load');\n");
    const pool = new JestPool(REPO_ROOT, jestEnv());
    pool.prepare(2);
    const results = await runJest(REPO_ROOT, [passes, fails, crashes], { pool, processes: 2 });
    expect(results.get(passes)?.passed).toBe(true);
    expect(results.get(fails)).toMatchObject({ passed: false, numPassed: 1, numFailed: 1 });
    expect(results.get(fails)?.failures[0]?.name).toBe('subtracts');
    expect(results.get(crashes)?.loadError).toMatch(/broken at load/);
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

  it('runs once: a second run is refused, and so is a run of a process already ended', async () => {
    const once = startJestProcess(REPO_ROOT, jestEnv());
    const out = path.join(root, 'once.json');
    await once.run(jestArgs(REPO_ROOT, [file('once.test.ts', "test('x', () => {});\n")], out, 1));
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).numPassedTests).toBe(1);
    expect(() => once.run([])).toThrow(/runs once/);

    const unused = startJestProcess(REPO_ROOT, jestEnv());
    unused.dispose();
    expect(() => unused.run([])).toThrow(/runs once/);
  }, 60_000);
});
