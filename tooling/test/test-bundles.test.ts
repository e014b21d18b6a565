// A snapshot's passing tests run in bundles (one module registry for several files); these
// tests prove that a bundle never changes a verdict: what fails in a bundle is judged alone.
import fs from 'node:fs';
import path from 'node:path';
import { runPlannedTests } from '../src/verify/shared-outcomes';
import { canBundle } from '../src/verify/test-bundles';
import { REPO_ROOT, testFileWriter } from './fixture';

const root = path.join(REPO_ROOT, '.course', 'work', `bundles-fixture-${process.pid}`);
const file = testFileWriter(root);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('bundled test runs', () => {
  it('judge each file as if it ran alone: interference is re-run away, real failures stay', async () => {
    const files = [
      // Leaves state behind for the files after it in the same registry.
      file('a-sets-state.test.ts', "test('sets', () => { (globalThis as any).leaked = 1; });\n"),
      // Passes alone, fails after a-sets-state in one registry.
      file(
        'b-expects-clean-state.test.ts',
        "test('clean', () => { expect((globalThis as any).leaked).toBeUndefined(); });\n",
      ),
      file('c-fails.test.ts', "test('adds', () => { expect(1 + 1).toBe(3); });\n"),
      file(
        'd-passes.test.ts',
        "describe('d', () => { test('ok', () => { expect(2).toBe(2); }); });\n",
      ),
    ];
    const { results, bundled, rerun } = await runPlannedTests(
      REPO_ROOT,
      [{ kind: 'pass', name: 'fixture', files, root }],
      { maxWorkers: 1 },
    );
    expect(bundled).toBe(4);
    expect(rerun.map((f) => path.basename(f))).toEqual([
      'b-expects-clean-state.test.ts',
      'c-fails.test.ts',
    ]);
    const verdict = (name: string) => results.get(path.join(root, 'test', name));
    expect(verdict('b-expects-clean-state.test.ts')?.passed).toBe(true);
    expect(verdict('c-fails.test.ts')?.passed).toBe(false);
    expect(verdict('c-fails.test.ts')?.failures.map((f) => f.name)).toEqual(['adds']);
    // Names as the file alone would give them, without the bundle's describe block.
    expect(verdict('d-passes.test.ts')?.tests).toEqual([{ name: 'd › ok', status: 'passed' }]);
  }, 60_000);

  it('remembers what did not pass in a bundle, and runs it alone from the start next time', async () => {
    const files = [
      file('e-sets-state.test.ts', "test('sets', () => { (globalThis as any).mark = 1; });\n"),
      file(
        'f-expects-clean-state.test.ts',
        "test('clean', () => { expect((globalThis as any).mark).toBeUndefined(); });\n",
      ),
      file('g-passes.test.ts', "test('ok', () => { expect(2).toBe(2); });\n"),
    ];
    const misses = path.join(root, 'bundle-misses.json');
    const plan = [{ kind: 'pass' as const, name: 'fixture', files, root }];
    const runs = [];
    for (let i = 0; i < 2; i += 1) {
      const { results, bundled, rerun, remembered } = await runPlannedTests(
        REPO_ROOT,
        plan,
        { maxWorkers: 1 },
        `misses-${i}`,
        misses,
      );
      runs.push({
        bundled,
        rerun: rerun.map((f) => path.basename(f)),
        remembered: remembered.map((f) => path.basename(f)),
        passed: files.map((f) => results.get(f)?.passed),
      });
    }
    expect(runs).toEqual([
      {
        bundled: 3,
        rerun: ['f-expects-clean-state.test.ts'],
        remembered: [],
        passed: [true, true, true],
      },
      // The next check runs f alone from the start, and has nothing to run again.
      {
        bundled: 2,
        rerun: [],
        remembered: ['f-expects-clean-state.test.ts'],
        passed: [true, true, true],
      },
    ]);
  }, 60_000);

  it.each([
    ['replaces a module', "jest.mock('../src/x');\n"],
    ['resets the registry', 'jest.resetModules();\n'],
    ['fakes timers', 'jest.useFakeTimers();\n'],
    ['writes the environment', "process.env.PORT = '1';\n"],
    ['writes the environment by index', "process.env['PORT'] = '1';\n"],
    ['focuses a test', "test.only('x', () => {});\n"],
  ])('keeps a file that %s out of bundles', (_what, code) => {
    expect(canBundle(file(`${_what.replace(/\W+/g, '-')}.test.ts`, code))).toBe(false);
  });

  it('bundles a file that only reads the environment', () => {
    expect(canBundle(file('reads-env.test.ts', "const port = process.env.PORT === '1';\n"))).toBe(
      true,
    );
  });
});
