import { classifyStarterRun } from '../src/classify';
import {
  type Course,
  loadCourse,
  resolveDay,
  resolveExercise,
  validateCourse,
} from '../src/course';
import type { FileResult } from '../src/jest';
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

describe('judging how an exercise fails on its starter', () => {
  const result = (over: Partial<FileResult>): FileResult => ({
    file: '/x.test.ts',
    passed: false,
    numPassed: 0,
    numFailed: 1,
    failures: [],
    ...over,
  });

  it('accepts an unmet expectation', () => {
    const r = result({
      failures: [{ name: 'a', message: 'Error: expect(received).toBe(expected)' }],
    });
    expect(classifyStarterRun('2.1', r)).toEqual({ ok: true, how: 'unmet expectation' });
  });

  it("rejects another exercise's TODO", () => {
    const r = result({ failures: [{ name: 'a', message: 'Error: TODO(exercise 2.2): later' }] });
    expect(classifyStarterRun('2.1', r)).toMatchObject({ ok: false });
  });

  it('rejects a test file that does not load', () => {
    const r = result({ loadError: "Cannot find module '../src/nope'" });
    expect(classifyStarterRun('2.1', r)).toEqual({
      ok: false,
      why: "the test file does not load: Cannot find module '../src/nope'",
    });
  });

  it('rejects a timeout, which is neither an expectation nor a TODO', () => {
    const r = result({
      failures: [{ name: 'a', message: 'thrown: "Exceeded timeout of 5000 ms for a test."' }],
    });
    expect(classifyStarterRun('2.1', r)).toMatchObject({ ok: false });
  });
});
