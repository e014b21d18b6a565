import { classifyStarterRun } from '../src/classify';
import {
  type Course,
  loadCourse,
  resolveDay,
  resolveExercise,
  validateCourse,
} from '../src/course';
import type { FileResult, TestFailure } from '../src/jest';
import { whatChangedList } from '../src/snapshots';
import { course as fixture, REPO_ROOT } from './fixture';

describe('the course index', () => {
  it('loads the real tooling/course.json: 14 days in order, exercises numbered N.M', () => {
    const course = loadCourse(REPO_ROOT);
    expect(course.days.map((d) => d.day)).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(validateCourse(course)).toEqual([]);
  });

  it('reports malformed entries precisely', () => {
    const broken = structuredClone(fixture) as unknown as { days: Array<Record<string, unknown>> };
    broken.days[0]!.slug = 'demo';
    (broken.days[0]!.exercises as Array<Record<string, unknown>>)[0]!.hints = [];
    expect(validateCourse(broken)).toEqual([
      'days[0].slug must look like "01-topic"',
      'days[0].exercises[0].hints must hold 1 to 3 hints',
    ]);
  });
});

describe('resolving what a person typed', () => {
  const planned: Course = {
    ...fixture,
    days: [fixture.days[0]!, { ...fixture.days[1]!, status: 'planned' }],
  };

  it('names the available range for a day that is planned but not written yet', () => {
    expect(() => resolveDay(planned, '2')).toThrow(
      'Day 2 (Next) does not exist yet: day 1 is available',
    );
  });

  it('refuses something that is not a number', () => {
    expect(() => resolveDay(planned, 'two')).toThrow(
      '"two" is not a day: give a number from 1 to 2',
    );
  });

  it('refuses an exercise id the day does not have', () => {
    expect(() => resolveExercise(planned, '1.4')).toThrow(
      'exercise 1.4 does not exist: day 1 has exercises 1.1–1.1',
    );
  });
});

describe('reading a lesson\'s "What changed" list', () => {
  it('returns the paths named in backticks until the next heading', () => {
    const lesson = [
      '## What changed since Day 3',
      '',
      '- `src/app.ts` - mounts the router',
      '* `test/x.test.ts` — new',
      'Some prose with `src/not-a-list-item.ts`.',
      '## Next',
      '- `src/ignored.ts`',
    ].join('\n');
    expect(whatChangedList(lesson, 3)).toEqual(['src/app.ts', 'test/x.test.ts']);
    expect(whatChangedList(lesson, 2)).toBeUndefined();
  });
});

describe('judging how each test of an exercise fails on its starter', () => {
  const failed = (name: string, message: string, unmetExpectation = false): TestFailure => ({
    name,
    message,
    unmetExpectation,
  });
  /** A file result whose tests are the given failures plus tests that passed or were skipped. */
  const result = (
    failures: TestFailure[],
    others: Array<{ name: string; status: 'passed' | 'skipped' }> = [],
    over: Partial<FileResult> = {},
  ): FileResult => ({
    file: '/x.test.ts',
    passed: failures.length === 0,
    numPassed: others.filter((o) => o.status === 'passed').length,
    numFailed: failures.length,
    failures,
    tests: [...failures.map((f) => ({ name: f.name, status: 'failed' as const })), ...others],
    ...over,
  });

  it('accepts unmet expectations, told by Jest (matcher result) or by the message', () => {
    const r = result([
      failed('a', 'Error: expect(received).toBe(expected)'),
      failed('b', 'custom readable message', true),
    ]);
    expect(classifyStarterRun('2.1', r)).toEqual({ ok: true, how: 'unmet expectation' });
  });

  it("accepts the exercise's own TODO error", () => {
    const r = result([failed('a', 'Error: TODO(exercise 2.1): do it')]);
    expect(classifyStarterRun('2.1', r)).toEqual({ ok: true, how: 'TODO error' });
  });

  it('names every test that already passes on the starter, and a skipped one', () => {
    const r = result(
      [failed('fails', 'expect(received).toBe(expected)')],
      [
        { name: 'guards a regression', status: 'passed' },
        { name: 'edges', status: 'passed' },
        { name: 'later', status: 'skipped' },
      ],
    );
    const verdict = classifyStarterRun('2.1', r);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.why.split('\n')).toEqual([
      '"guards a regression" already passes on the starter',
      '"edges" already passes on the starter',
      '"later" is skipped, so it proves nothing',
    ]);
  });

  it("rejects another exercise's TODO", () => {
    const r = result([failed('a', 'Error: TODO(exercise 2.2): later')]);
    expect(classifyStarterRun('2.1', r)).toEqual({
      ok: false,
      why: '"a" fails on another exercise\'s TODO',
    });
  });

  it('rejects a crash that is not an expectation', () => {
    const r = result([failed('a', "TypeError: Cannot read properties of undefined (reading 'x')")]);
    expect(classifyStarterRun('2.1', r)).toMatchObject({
      ok: false,
      why: expect.stringMatching(/"a" crashes: TypeError/),
    });
  });

  it('rejects a test file that does not load', () => {
    const r = result([], [], { loadError: "Cannot find module '../src/nope'" });
    expect(classifyStarterRun('2.1', r)).toEqual({
      ok: false,
      why: "the test file does not load: Cannot find module '../src/nope'",
    });
  });

  it('rejects a timeout, which is neither an expectation nor a TODO', () => {
    const r = result([failed('a', 'thrown: "Exceeded timeout of 5000 ms for a test."')]);
    expect(classifyStarterRun('2.1', r)).toEqual({
      ok: false,
      why: '"a" times out instead of failing an expectation',
    });
  });
});
