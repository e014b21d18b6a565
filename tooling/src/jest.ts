// Runs Jest in a child process on an explicit list of test files and returns one result per
// file. A child process keeps the learner's code out of the tooling's own module cache and
// lets a crash in their code fail a test file instead of the command.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type JestPool, startJestProcess } from './jest-process';

export interface TestFailure {
  /** "describe › it" as Jest prints it. */
  readonly name: string;
  readonly message: string;
  /** True when the failure is an unmet `expect(...)` (Jest reports a matcher result) or a
   * node:assert AssertionError: the test ran and its expectation did not hold. */
  readonly unmetExpectation: boolean;
}

/** One test of a file, as Jest's JSON report gives it. */
export interface TestOutcome {
  readonly name: string;
  /** `skipped` covers test.skip, test.todo and tests left out by a focused test.only. */
  readonly status: 'passed' | 'failed' | 'skipped';
}

export interface FileResult {
  /** Absolute path of the test file. */
  readonly file: string;
  readonly passed: boolean;
  readonly numPassed: number;
  readonly numFailed: number;
  readonly failures: readonly TestFailure[];
  /** Every test of the file in the order Jest reports them, whatever its status. */
  readonly tests: readonly TestOutcome[];
  /** Set when the file could not run at all (syntax error, missing import, crash at load). */
  readonly loadError?: string;
}

export interface JestOptions {
  readonly maxWorkers?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Run with Node's VM-modules flag from the start (files known to need import()). */
  readonly vmModules?: boolean;
  /** Jest processes kept by `check`; used when the run needs no other environment. */
  readonly pool?: JestPool;
  /** Split the files over this many Jest processes, each running its files one by one, instead
   * of one Jest with a worker pool: for a few files, a second process ready early beats Jest
   * starting workers. */
  readonly processes?: number;
}

// Built from a string: a control character in a regex literal is easy to misread.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

interface JestJson {
  testResults: Array<{
    name: string;
    status: 'passed' | 'failed';
    message: string;
    testExecError?: { message?: string } | null;
    assertionResults: Array<{
      status: string;
      fullName: string;
      ancestorTitles: string[];
      title: string;
      failureMessages: string[];
      failureDetails?: unknown[];
    }>;
  }>;
}

/**
 * Runs Jest on `files` without Node's VM-modules flag, then runs again, with it, the files that
 * failed only because they needed it. The flag lets code inside Jest's sandbox call import()
 * (PGlite loads its WebAssembly that way), and it costs every other file: on Node 24, Day 9's
 * 65 test files take 31 s of CPU with it and 22 s without. Few files need it, so they pay for
 * a second Jest start instead of every file paying for the flag.
 */
export async function runJest(
  root: string,
  files: readonly string[],
  options: JestOptions = {},
): Promise<Map<string, FileResult>> {
  if (options.vmModules === true) return runJestOnce(root, files, options, true);
  const results = await runJestOnce(root, files, options, false);
  const again = [...results.values()].filter(neededVmModules).map((r) => r.file);
  if (again.length > 0) {
    for (const [file, r] of await runJestOnce(root, again, options, true)) results.set(file, r);
  }
  return results;
}

/** What Node and Jest say when code in the sandbox calls import() without the flag. */
const VM_MODULES_NEEDED =
  /ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING|--experimental-vm-modules|ES Modules in the VM API/;

/** Whether a file failed because import() needed Node's VM-modules flag. */
export function neededVmModules(r: FileResult): boolean {
  if (r.passed) return false;
  return [r.loadError ?? '', ...r.failures.map((f) => f.message)].some((text) =>
    VM_MODULES_NEEDED.test(text),
  );
}

/** Jest's workers when none are asked for: one per core, two at most (Jest's own default of
 * cores minus one leaves a 2-core machine with one). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, os.availableParallelism()));
}

/** The environment of a Jest process: the tooling's own, without colours in messages. */
export function jestEnv(options: JestOptions = {}, vmModules = false): NodeJS.ProcessEnv {
  return {
    ...process.env,
    FORCE_COLOR: '0',
    ...(vmModules ? { NODE_OPTIONS: withVmModules(process.env['NODE_OPTIONS']) } : {}),
    ...options.env,
  };
}

/** `count` groups of consecutive files, as even as the count allows. */
export function splitFiles(files: readonly string[], count: number): string[][] {
  const n = Math.max(1, Math.min(count, files.length));
  const groups: string[][] = [];
  for (let i = 0, start = 0; i < n; i += 1) {
    const size = Math.ceil((files.length - start) / (n - i));
    groups.push(files.slice(start, start + size));
    start += size;
  }
  return groups;
}

/** What `jest` is given on the command line for one run. */
export function jestArgs(
  root: string,
  files: readonly string[],
  outFile: string,
  maxWorkers: number,
): string[] {
  return [
    '--config',
    path.join(root, 'jest.config.js'),
    '--rootDir',
    root,
    '--json',
    `--outputFile=${outFile}`,
    '--silent',
    '--ci',
    '--passWithNoTests',
    `--maxWorkers=${maxWorkers}`,
    '--runTestsByPath',
    ...files,
  ];
}

async function runJestOnce(
  root: string,
  files: readonly string[],
  options: JestOptions,
  vmModules: boolean,
): Promise<Map<string, FileResult>> {
  const results = new Map<string, FileResult>();
  if (files.length === 0) return results;
  const unreported = new Map<string, string>();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'course-jest-'));
  // A pool's processes were started with the default environment: only such a run uses them.
  const pool = vmModules || options.env !== undefined ? undefined : options.pool;
  const groups = splitFiles(files, options.processes ?? 1);
  const maxWorkers = groups.length > 1 ? 1 : (options.maxWorkers ?? defaultWorkers());
  try {
    const outFiles = groups.map((_, i) => path.join(outDir, `results-${i}.json`));
    const stderrs = await Promise.all(
      groups.map(async (group, i) => {
        const args = jestArgs(root, group, outFiles[i] ?? '', maxWorkers);
        if (pool !== undefined) return pool.run(args);
        const jest = startJestProcess(root, jestEnv(options, vmModules), {
          warm: maxWorkers === 1,
        });
        // A process of its own takes its run: it never refuses one.
        return (await jest.run(args, true)) ?? '';
      }),
    );
    const json: JestJson = { testResults: [] };
    outFiles.forEach((outFile, i) => {
      if (fs.existsSync(outFile)) {
        json.testResults.push(
          ...(JSON.parse(fs.readFileSync(outFile, 'utf8')) as JestJson).testResults,
        );
        return;
      }
      // The process ended before Jest reported (the code under test called process.exit, or
      // crashed it): each file of the run fails with what Jest printed last.
      const said = stripAnsi(stderrs[i] ?? '')
        .trim()
        .slice(-2000);
      for (const f of groups[i] ?? []) {
        unreported.set(path.resolve(f), `the test run ended before Jest reported:\n${said}`);
      }
    });
    for (const r of json.testResults) {
      const testName = (a: { ancestorTitles: string[]; title: string }): string =>
        [...a.ancestorTitles, a.title].join(' › ');
      const failures = r.assertionResults
        .filter((a) => a.status === 'failed')
        .map((a) => ({
          name: testName(a),
          message: stripAnsi(a.failureMessages.join('\n')),
          unmetExpectation: (a.failureDetails ?? []).some(isUnmetExpectation),
        }));
      const tests = r.assertionResults.map(
        (a): TestOutcome => ({
          name: testName(a),
          status: a.status === 'passed' || a.status === 'failed' ? a.status : 'skipped',
        }),
      );
      const numPassed = r.assertionResults.filter((a) => a.status === 'passed').length;
      const loadError =
        r.status === 'failed' && r.assertionResults.length === 0
          ? stripAnsi(r.testExecError?.message || r.message || 'the test file failed to run')
          : undefined;
      results.set(path.resolve(r.name), {
        file: path.resolve(r.name),
        passed: r.status === 'passed',
        numPassed,
        numFailed: failures.length,
        failures,
        tests,
        ...(loadError === undefined ? {} : { loadError }),
      });
    }
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  // A file Jest never reported (e.g. it does not exist) counts as failed to load.
  for (const f of files) {
    const abs = path.resolve(f);
    if (!results.has(abs)) {
      results.set(abs, {
        file: abs,
        passed: false,
        numPassed: 0,
        numFailed: 0,
        failures: [],
        tests: [],
        loadError:
          unreported.get(abs) ?? 'jest did not run this file (does it exist and match *.test.ts?)',
      });
    }
  }
  return results;
}

/** Jest puts the thrown error in failureDetails: a synchronous matcher failure carries
 * `matcherResult`; `.rejects`/`.resolves` matchers and node:assert's AssertionError arrive as a
 * message Jest wrote, starting `expect(received)…` or `assert.strictEqual(…)`. Anything else was
 * thrown by the code under test. */
function isUnmetExpectation(detail: unknown): boolean {
  if (typeof detail !== 'object' || detail === null) return false;
  if ('matcherResult' in detail) return true;
  if ('code' in detail && detail.code === 'ERR_ASSERTION') return true;
  return (
    'message' in detail &&
    typeof detail.message === 'string' &&
    /^(expect|assert)[.(]/.test(detail.message)
  );
}

/** The first lines of a failure, up to its stack trace: what a person needs to read. */
export function firstExpectation(message: string, maxLines = 14): string {
  const lines: string[] = [];
  for (const line of stripAnsi(message).split('\n')) {
    if (/^\s+at /.test(line)) break;
    lines.push(line);
  }
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return lines.slice(0, maxLines).join('\n');
}

/** NODE_OPTIONS plus the flag Jest needs for import() in test code, without its warning. */
export function withVmModules(nodeOptions: string | undefined): string {
  const flags = ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'];
  const current = (nodeOptions ?? '').split(' ').filter((flag) => flag !== '');
  return [...current, ...flags.filter((flag) => !current.includes(flag))].join(' ');
}
