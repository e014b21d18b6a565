// Proves the integrity check catches what it promises to catch, on small fixture courses.
// One Jest child process runs the fixtures' tests, then the real check functions judge them.
import { runJest } from '../src/jest';
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
import { course, makeFixture, REPO_ROOT, removeFixture } from './fixture';

const day1 = course.days[0]!;

async function judge(roots: Record<string, string>): Promise<Record<string, Check[]>> {
  const plans = Object.fromEntries(
    Object.entries(roots).map(([name, root]) => {
      const solved = solvedCopyPath(root, day1);
      makeSolvedCopy(root, day1, solved);
      return [name, planTests(root, { ...course, days: [day1] }, new Map([[day1.slug, solved]]))];
    }),
  );
  const files = Object.values(plans).flatMap((plan) =>
    plan.flatMap((x) => (x.kind === 'pass' ? x.files : [x.file])),
  );
  const results = await runJest(REPO_ROOT, files, { maxWorkers: 2 });
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
