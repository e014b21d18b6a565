// Jest gives every test file a fresh module registry, so each of a day's test files loads
// express, supertest, express-validator and the day's whole app again: about 0.25 s of CPU
// per file before its first test, and the integrity check runs several hundred files. Here a
// snapshot's regular tests run in bundles: one Jest test file that requires several of them,
// each inside a describe block named after it, so one registry serves them all.
//
// Bundling is only an optimisation, never a verdict: a file whose tests do not all pass in its
// bundle runs again on its own, and that run is the one judged. Files that change the module
// system or the process for the files after them (jest.mock, resetModules, fake timers,
// process.env writes, .only) always run on their own.
import fs from 'node:fs';
import path from 'node:path';
import type { FileResult, TestFailure, TestOutcome } from '../jest';

/** Starts the describe title of each file in a bundle; `›` is Jest's own separator. */
const MARK = '[bundled] ';

const CHANGES_LATER_FILES =
  /\bjest\.(mock|doMock|unmock|isolateModules|resetModules|useFakeTimers|replaceProperty)\b|\.only\(|\bprocess\.env(\.[A-Za-z_$][\w$]*|\[[^\]]+\])\s*=[^=]|\bdelete\s+process\.env\b/;

/** Whether a test file may share a module registry with others (read from its text). */
export function canBundle(testFile: string): boolean {
  return !CHANGES_LATER_FILES.test(fs.readFileSync(testFile, 'utf8'));
}

export interface Bundle {
  readonly file: string;
  readonly members: readonly string[];
}

/** Writes bundles of at most `size` files into `dir`, keeping each group's files together. */
export function writeBundles(
  dir: string,
  groups: ReadonlyArray<readonly string[]>,
  size: number,
): Bundle[] {
  fs.mkdirSync(dir, { recursive: true });
  const bundles: Bundle[] = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i += size) {
      const members = group.slice(i, i + size);
      if (members.length < 2) continue;
      const file = path.join(dir, `bundle-${bundles.length + 1}.test.ts`);
      const lines = [
        '// Written by the integrity check (tooling/src/verify/test-bundles.ts) and removed after the run.',
        `const files: string[] = ${JSON.stringify(members, null, 2)};`,
        'for (const file of files) {',
        `  describe(${JSON.stringify(MARK)} + file, () => {`,
        '    try {',
        '      require(file);',
        '    } catch (error) {',
        "      test('loads', () => {",
        '        throw error;',
        '      });',
        '    }',
        '  });',
        '}',
        '',
      ];
      fs.writeFileSync(file, lines.join('\n'));
      bundles.push({ file, members });
    }
  }
  return bundles;
}

/** One result per member file, cut out of the bundle's result by the describe titles. */
export function splitBundleResult(bundle: Bundle, result: FileResult): Map<string, FileResult> {
  const out = new Map<string, FileResult>();
  const ownerOf = (name: string): { file: string; rest: string } | undefined => {
    for (const file of bundle.members) {
      const prefix = `${MARK}${file}`;
      if (name === prefix) return { file, rest: '' };
      if (name.startsWith(`${prefix} › `)) return { file, rest: name.slice(prefix.length + 3) };
    }
    return undefined;
  };
  for (const file of bundle.members) {
    const tests: TestOutcome[] = [];
    const failures: TestFailure[] = [];
    for (const t of result.tests) {
      const owner = ownerOf(t.name);
      if (owner?.file === file) tests.push({ ...t, name: owner.rest });
    }
    for (const f of result.failures) {
      const owner = ownerOf(f.name);
      if (owner?.file === file) failures.push({ ...f, name: owner.rest });
    }
    const numPassed = tests.filter((t) => t.status === 'passed').length;
    out.set(file, {
      file,
      passed: failures.length === 0 && tests.length > 0 && result.loadError === undefined,
      numPassed,
      numFailed: failures.length,
      failures,
      tests,
      ...(result.loadError === undefined ? {} : { loadError: result.loadError }),
    });
  }
  return out;
}

/** Whether a file's bundled result can stand: every test ran and passed. */
export function standsAsBundled(r: FileResult | undefined): boolean {
  return (
    r !== undefined &&
    r.loadError === undefined &&
    r.failures.length === 0 &&
    r.tests.length > 0 &&
    r.tests.every((t) => t.status === 'passed' || t.status === 'skipped')
  );
}
