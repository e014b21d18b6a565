// Proves the integrity check catches what it promises to catch, on small fixture courses.
// One Jest child process runs the fixtures' tests, then the real check functions judge them.
import { makeSolvedCopy, solvedCopyPath } from '../src/snapshots';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Check,
  checkContinuity,
  checkExcerpts,
  checkIndex,
  evaluateTests,
  planTests,
} from '../src/verify/checks';
import { checkFinalKeepsTheDays, exportedNames } from '../src/verify/final-keeps-days';
import { runPlannedTests } from '../src/verify/shared-outcomes';
import { writeFile } from '../src/files';
import { course, makeFixture, REPO_ROOT, removeFixture } from './fixture';

const day1 = course.days[0]!;

async function judge(roots: Record<string, string>): Promise<Record<string, Check[]>> {
  const plans = Object.fromEntries(
    Object.entries(roots).map(([name, root]) => {
      const solved = solvedCopyPath(root, day1, String(process.pid));
      makeSolvedCopy(root, day1, solved);
      return [name, planTests(root, { ...course, days: [day1] }, new Map([[day1.slug, solved]]))];
    }),
  );
  // As the check runs them: a test of unchanged code runs once and shares its outcome.
  const { results } = await runPlannedTests(REPO_ROOT, Object.values(plans).flat(), {
    maxWorkers: 2,
  });
  return Object.fromEntries(
    Object.entries(plans).map(([name, plan]) => [name, evaluateTests(plan, results)]),
  );
}

const byName = (checks: Check[], fragment: string): Check => {
  const found = checks.find((c) => c.name.includes(fragment));
  if (!found)
    throw new Error(`no check named like "${fragment}" in ${checks.map((c) => c.name).join(', ')}`);
  return found;
};

describe('the integrity check', () => {
  const roots: Record<string, string> = {};
  let verdicts: Record<string, Check[]>;

  beforeAll(async () => {
    roots.sound = makeFixture('sound');
    roots.alreadyPasses = makeFixture('passes', { starterSum: 'return a + b;' });
    roots.regressionGuard = makeFixture('guard', { alreadyPassingTest: true });
    roots.brokenSolution = makeFixture('broken', { solutionSum: 'return a - b;' });
    roots.breaksRegular = makeFixture('breaks-regular', { solutionBreaksARegularTest: true });
    roots.crashes = makeFixture('crash', {
      starterSum: 'return (undefined as unknown as { x: () => number }).x();',
    });
    verdicts = await judge(roots);
  }, 60_000);

  afterAll(() => {
    for (const root of Object.values(roots)) removeFixture(root);
  });

  it('accepts a sound course: exercise fails on a TODO, solution and regular tests pass', () => {
    expect(verdicts.sound!.every((c) => c.ok)).toBe(true);
    expect(byName(verdicts.sound!, 'exercise 1.1').name).toMatch(/\(1 test, TODO error\)/);
  });

  it('catches an exercise that already passes on its starter', () => {
    const check = byName(verdicts.alreadyPasses!, 'exercise 1.1');
    expect(check.ok).toBe(false);
    expect(check.detail).toBe('"adds two numbers" already passes on the starter');
  });

  it('catches one test of an exercise file that already passes, naming it, while the other fails', () => {
    const check = byName(verdicts.regressionGuard!, 'exercise 1.1');
    expect(check.name).toMatch(/every test fails on its starter/);
    expect(check.ok).toBe(false);
    expect(check.detail).toBe('"still exports sum" already passes on the starter');
  });

  it('catches a solution that fails its tests', () => {
    const check = byName(verdicts.brokenSolution!, 'with the solution applied');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/adds two numbers/);
  });

  it('catches a solution that breaks a regular test, although that test passed on the starter', () => {
    // The starter's run of test/label.test.ts is not reused: the file it imports differs.
    expect(byName(verdicts.breaksRegular!, 'regular tests pass on the snapshot').ok).toBe(true);
    const check = byName(verdicts.breaksRegular!, 'with the solution applied');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/label\.test\.ts › labels the operation/);
  });

  it('catches an exercise whose starter crashes instead of failing an expectation', () => {
    const check = byName(verdicts.crashes!, 'exercise 1.1');
    expect(check.ok).toBe(false);
    expect(check.detail).toMatch(/crashes: TypeError/);
  });
});

describe('the continuity check', () => {
  it('accepts a "What changed" list that names exactly the real diff', () => {
    const root = makeFixture('continuity-ok');
    try {
      expect(checkContinuity(root, course)).toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      removeFixture(root);
    }
  });

  it("leaves out what a learner's run of a day adds to its folder: .env, databases", () => {
    const root = makeFixture('continuity-learner-files');
    try {
      for (const day of ['01-demo', '02-next']) {
        writeFile(path.join(root, 'days', day, '.env'), `ADMIN_PASSWORD=${day}\n`);
        writeFile(path.join(root, 'days', day, 'data', `${day}.db`), day);
      }
      expect(checkContinuity(root, course)).toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      removeFixture(root);
    }
  });

  it('catches a stale "What changed" list: a file missing and a file that did not change', () => {
    const root = makeFixture('continuity-stale', { whatChanged: ['src/sum.ts'] });
    try {
      const [check] = checkContinuity(root, course);
      expect(check?.ok).toBe(false);
      expect(check?.detail).toMatch(/src\/double\.ts differs from day 1 solved but is not listed/);
      expect(check?.detail).toMatch(/src\/sum\.ts is listed but does not differ/);
    } finally {
      removeFixture(root);
    }
  });

  it('catches a day that does not start from the previous day solved', () => {
    const root = makeFixture('continuity-drift', { solutionSum: 'return b + a;' });
    try {
      const [check] = checkContinuity(root, course);
      expect(check?.ok).toBe(false);
      expect(check?.detail).toMatch(/src\/sum\.ts differs from day 1 solved/);
    } finally {
      removeFixture(root);
    }
  });
});

describe('the lesson excerpt check', () => {
  const lessonWith = (root: string, excerpt: string): void => {
    fs.writeFileSync(
      path.join(root, 'days', '01-demo', 'README.md'),
      `# Day 1\n\n## 1. Adding\n\n\`\`\`ts title="solution: src/sum.ts"\n${excerpt}\n\`\`\`\n`,
    );
  };

  it('accepts an excerpt that matches its source, with elided lines', () => {
    const root = makeFixture('excerpt-ok');
    try {
      lessonWith(root, 'export function sum(a: number, b: number): number {\n  // …\n}');
      const [check] = checkExcerpts(root, course);
      expect(check).toMatchObject({ ok: true, name: expect.stringContaining('1 excerpts') });
    } finally {
      removeFixture(root);
    }
  });

  it('catches an excerpt that no longer matches the code it names', () => {
    const root = makeFixture('excerpt-stale');
    try {
      lessonWith(root, 'export function sum(a: number, b: number): number {\n  return a * b;\n}');
      const [check] = checkExcerpts(root, course);
      expect(check?.ok).toBe(false);
      expect(check?.detail).toMatch(/excerpt of solution: src\/sum\.ts no longer matches the code/);
    } finally {
      removeFixture(root);
    }
  });
});

describe('the index check', () => {
  it('names what a day folder and its lesson are missing', () => {
    const root = makeFixture('index');
    try {
      const [day1] = checkIndex(root, course);
      expect(day1?.ok).toBe(false);
      expect(day1?.detail).toMatch(/missing requests\.http/);
      expect(day1?.detail).toMatch(/lesson lacks the section "## Coming from Axum\/Tower"/);
      expect(day1?.detail).toMatch(/lesson has no mermaid diagram/);
      expect(day1?.detail).toMatch(/missing exercises\/01-demo\.md/);
    } finally {
      removeFixture(root);
    }
  });
});

describe('the final/ check (final/src keeps the last ready day’s files and exports)', () => {
  const final = (root: string, files: Record<string, string>, contributing = ''): void => {
    for (const [rel, content] of Object.entries(files)) {
      writeFile(path.join(root, 'final', 'src', ...rel.split('/')), content);
    }
    fs.writeFileSync(path.join(root, 'CONTRIBUTING.md'), contributing);
  };
  const SUM = 'export function sum(a: number, b: number): number {\n  return a + b;\n}\n';
  const SERVER = 'console.log("listening");\n';
  const declared = (rows: string[]): string =>
    [
      '# Contributing',
      '',
      '### Exports a later day moves or retires',
      '',
      '| day | file | export | in final/ | why |',
      '|---|---|---|---|---|',
      ...rows,
      '',
      '## Next section',
      '',
    ].join('\n');
  const judgeFinal = (name: string, files: Record<string, string>, contributing = '') => {
    const root = makeFixture(name);
    try {
      final(root, files, contributing);
      return checkFinalKeepsTheDays(root, course);
    } finally {
      removeFixture(root);
    }
  };

  it('reads the names a module exports: declarations, lists with aliases and types, default', () => {
    const names = exportedNames(
      [
        'export const a = 1;',
        'export async function b() {}',
        'export abstract class C {}',
        'export interface D {}',
        'export type E = string;',
        'export { f, g as h, type I };',
        "export type { J } from './j';",
        'export default 42;',
        '// export const commented = 1;',
        'const notExported = 2;',
      ].join('\n'),
    );
    expect([...names].sort()).toEqual(['C', 'D', 'E', 'I', 'J', 'a', 'b', 'default', 'f', 'h']);
  });

  it('accepts a final/ with every file and export of the last ready day, and more', () => {
    const checks = judgeFinal('final-ok', {
      'sum.ts': `${SUM}export const sumAll = (xs: number[]) => xs.reduce(sum, 0);\n`,
      'double.ts': 'export const double = (n: number): number => n * 2;\n',
      'server.ts': SERVER,
      'later.ts': 'export const later = true;\n',
    });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["every file of day 2 solved's src/ is in final/src at the same path", true],
      [
        'final/src exports every name day 2 solved exports, or CONTRIBUTING.md declares its move',
        true,
      ],
    ]);
  });

  it('catches a missing file and a renamed export, naming both sides', () => {
    const [files, exports] = judgeFinal('final-renamed', {
      'sum.ts': 'export function add(a: number, b: number): number {\n  return a + b;\n}\n',
      'server.ts': SERVER,
    });
    expect(files?.ok).toBe(false);
    expect(files?.detail).toMatch(/src\/double\.ts \(day 2 solved\) has no final\/src\/double\.ts/);
    expect(exports?.ok).toBe(false);
    expect(exports?.detail).toMatch(
      /src\/sum\.ts exports sum in day 2 solved, final\/src\/sum\.ts does not: a rename or a lost export/,
    );
  });

  it('accepts a move or a retirement that CONTRIBUTING.md declares for a later day, if final/ has the target', () => {
    const [, exports] = judgeFinal(
      'final-declared',
      {
        'sum.ts': 'export const unused = 0;\n',
        'math.ts': SUM,
        'double.ts': 'export {};\n',
        'server.ts': SERVER,
      },
      declared([
        '| 3 | `src/sum.ts` | `sum` | `src/math.ts` `sum` | day 3 moves it beside its kin |',
        '| 4 | `src/double.ts` | `double` | — | day 4 has no use for it |',
      ]),
    );
    expect(exports).toEqual(expect.objectContaining({ ok: true }));
  });

  it('catches a declared move whose target final/ lacks, a row for a day already ready, a stale row and a malformed one', () => {
    const [, exports] = judgeFinal(
      'final-declared-wrong',
      {
        'sum.ts': 'export const unused = 0;\n',
        'double.ts': 'export {};\n',
        'server.ts': SERVER,
      },
      declared([
        '| 3 | `src/sum.ts` | `sum` | `src/math.ts` `sum` | the target file is missing |',
        '| 2 | `src/double.ts` | `double` | — | day 2 is ready: this row explains nothing |',
        '| 3 | `src/sum.ts` | `gone` | — | day 2 never exported it |',
        '| 3 | `src/sum.ts` | sum | why is missing a code span |',
      ]),
    );
    expect(exports?.ok).toBe(false);
    const detail = exports?.detail ?? '';
    expect(detail).toMatch(
      /src\/sum\.ts sum \(day 2 solved\) is declared to become sum in final\/src\/math\.ts on day 3, but final\/src\/math\.ts does not export sum/,
    );
    expect(detail).toMatch(
      /src\/double\.ts exports double in day 2 solved, final\/src\/double\.ts does not/,
    );
    expect(detail).toMatch(
      /declares that day 3 moves or retires gone of src\/sum\.ts, but day 2 solved does not export it/,
    );
    expect(detail).toMatch(/malformed row/);
  });
});
