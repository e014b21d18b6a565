// The course's promises, each as a function that returns named checks. main.ts runs them
// on the repository; the tooling's own tests run them on small fixture courses to prove
// they catch what they claim to catch.
import fs from 'node:fs';
import path from 'node:path';
import { classifyStarterRun, oneLine } from '../classify';
import {
  briefFile,
  type Course,
  type Day,
  dayDir,
  EXERCISE_TEST,
  inDay,
  lessonFile,
  readyDays,
  SOLUTION_NOTE,
  solutionDir,
} from '../course';
import { listFiles } from '../files';
import type { FileResult } from '../jest';
import { fromPosix } from '../paths';
import {
  diffSnapshots,
  NOT_MATERIAL,
  snapshot,
  solutionFiles,
  whatChangedList,
} from '../snapshots';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const pass = (name: string): Check => ({ name, ok: true });
const fail = (name: string, detail: string): Check => ({ name, ok: false, detail });

const exists = (file: string): boolean => fs.existsSync(file);
const read = (file: string): string => fs.readFileSync(file, 'utf8');

/** Markdown headings of a lesson, without the leading hashes. */
export function headings(markdown: string): string[] {
  return markdown
    .split(/\r?\n/)
    .filter((l) => /^#{1,4}\s/.test(l))
    .map((l) => l.replace(/^#+\s+/, '').trim());
}

/** (g) The index agrees with the files. */
export function checkIndex(root: string, course: Course): Check[] {
  const checks: Check[] = [];
  for (const day of course.days) {
    const label = `day ${day.day}`;
    if (day.status === 'planned') {
      const stray = [dayDir(root, day), solutionDir(root, day)].filter(exists);
      checks.push(
        stray.length === 0
          ? pass(`${label} is planned and has no folder yet`)
          : fail(
              `${label} is planned and has no folder yet`,
              `found ${stray.join(', ')}: mark the day ready in tooling/course.json`,
            ),
      );
      continue;
    }
    const problems: string[] = [];
    for (const f of [
      'README.md',
      'requests.http',
      'tsconfig.json',
      'src/app.ts',
      'src/server.ts',
    ]) {
      if (!exists(inDay(root, day, f))) problems.push(`missing ${f}`);
    }
    const tests = listFiles(path.join(dayDir(root, day), 'test')).map((f) => `test/${f}`);
    const exerciseTests = tests.filter((f) => f.endsWith('.exercise.test.ts'));
    if (!tests.some((f) => f.endsWith('.test.ts') && !f.endsWith('.exercise.test.ts'))) {
      problems.push('no regular test in test/');
    }
    for (const f of exerciseTests) {
      if (!EXERCISE_TEST.test(f))
        problems.push(`${f} does not follow test/N.M-requirement.exercise.test.ts`);
      if (!day.exercises.some((e) => e.test === f))
        problems.push(`${f} is not listed in tooling/course.json`);
    }
    const lesson = exists(lessonFile(root, day)) ? read(lessonFile(root, day)) : '';
    const lessonHeadings = headings(lesson);
    for (const t of day.topics) {
      if (!lessonHeadings.some((h) => h.toLowerCase() === `${t.n}. ${t.title}`.toLowerCase())) {
        problems.push(`lesson lacks the heading "## ${t.n}. ${t.title}"`);
      }
    }
    for (const section of ['Coming from Axum/Tower', 'Production notes', 'Exercises']) {
      if (!lessonHeadings.some((h) => h.toLowerCase() === section.toLowerCase())) {
        problems.push(`lesson lacks the section "## ${section}"`);
      }
    }
    if (!/^```mermaid\s*$/m.test(lesson)) problems.push('lesson has no mermaid diagram');
    if (day.day > 1 && whatChangedList(lesson, day.day - 1) === undefined) {
      problems.push(`lesson lacks "## What changed since Day ${day.day - 1}"`);
    }
    const brief = exists(briefFile(root, day)) ? read(briefFile(root, day)) : undefined;
    if (brief === undefined && day.exercises.length > 0)
      problems.push(`missing exercises/${day.slug}.md`);
    for (const e of day.exercises) {
      if (!exists(inDay(root, day, e.test))) problems.push(`${e.id}: missing ${e.test}`);
      for (const f of e.files) {
        if (
          !exists(inDay(root, day, f)) &&
          !exists(path.join(solutionDir(root, day), fromPosix(f)))
        ) {
          problems.push(`${e.id}: names ${f}, which neither the day nor its solution has`);
        }
      }
      if (!lessonHeadings.some((h) => h.toLowerCase() === e.lesson.toLowerCase())) {
        problems.push(`${e.id}: lesson section "${e.lesson}" is not a heading of the lesson`);
      }
      if (!lesson.includes(e.id))
        problems.push(`${e.id}: the lesson does not present this exercise`);
      if (brief !== undefined) {
        if (!brief.includes(e.id))
          problems.push(`${e.id}: not described in exercises/${day.slug}.md`);
        for (const h of e.hints) {
          if (!brief.includes(h))
            problems.push(`${e.id}: a hint is missing from exercises/${day.slug}.md`);
        }
      }
    }
    if (day.exercises.length > 0) {
      if (!exists(path.join(solutionDir(root, day), SOLUTION_NOTE))) {
        problems.push(`missing solutions/${day.slug}/${SOLUTION_NOTE}`);
      }
      if (solutionFiles(root, day).length === 0)
        problems.push(`solutions/${day.slug} holds no files`);
    }
    checks.push(
      problems.length === 0
        ? pass(`${label}: index, lesson, brief and files agree`)
        : fail(`${label}: index, lesson, brief and files agree`, problems.join('\n')),
    );
  }
  const known = new Set(course.days.map((d) => d.slug));
  const strays = [
    ...listDirs(path.join(root, 'days')),
    ...listDirs(path.join(root, 'solutions')),
  ].filter((d) => !known.has(d));
  checks.push(
    strays.length === 0
      ? pass('every day and solution folder is in the index')
      : fail('every day and solution folder is in the index', `unknown: ${strays.join(', ')}`),
  );
  return checks;
}

/** What every ready day promises about its exercises (issue 9, "Done when"). */
export const MIN_EXERCISES_PER_DAY = 4;
export const HINTS_PER_EXERCISE = { min: 2, max: 3 } as const;

/** An id as a whole token: "1.1" is not found inside "11.1" or "1.10". */
export const mentionsId = (text: string, id: string): boolean =>
  new RegExp(`(^|[^\\d.])${id.replace('.', '\\.')}(?![\\d]|\\.\\d)`).test(text);

/**
 * Every ready day has at least four exercises, one of them a design exercise (more than one
 * reasonable answer, `"design": true` in the index), two or three hints per exercise (a nudge
 * first, nearly the answer last), and a SOLUTION.md that discusses every exercise by its id.
 */
export function checkExerciseSet(root: string, course: Course): Check[] {
  return readyDays(course).map((day) => {
    const name = `day ${day.day}: at least ${MIN_EXERCISES_PER_DAY} exercises, one a design exercise, ${HINTS_PER_EXERCISE.min}–${HINTS_PER_EXERCISE.max} hints each, all discussed in SOLUTION.md`;
    const problems: string[] = [];
    if (day.exercises.length < MIN_EXERCISES_PER_DAY) {
      problems.push(
        `has ${day.exercises.length} exercise(s), needs at least ${MIN_EXERCISES_PER_DAY}`,
      );
    }
    if (!day.exercises.some((e) => e.design === true)) {
      problems.push('no exercise is marked "design": true in tooling/course.json');
    }
    for (const e of day.exercises) {
      const n = e.hints.length;
      if (n < HINTS_PER_EXERCISE.min || n > HINTS_PER_EXERCISE.max) {
        problems.push(
          `${e.id} has ${n} hint(s), needs ${HINTS_PER_EXERCISE.min} or ${HINTS_PER_EXERCISE.max}`,
        );
      }
    }
    const note = path.join(solutionDir(root, day), SOLUTION_NOTE);
    if (day.exercises.length > 0) {
      const text = exists(note) ? read(note) : '';
      const missing = day.exercises.filter((e) => !mentionsId(text, e.id)).map((e) => e.id);
      if (missing.length > 0) {
        problems.push(
          `solutions/${day.slug}/${SOLUTION_NOTE} does not mention ${missing.join(', ')}`,
        );
      }
    }
    return problems.length === 0 ? pass(name) : fail(name, problems.join('\n'));
  });
}

function listDirs(dir: string): string[] {
  if (!exists(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
}

/** What the big test run must show, and the files it runs. */
export type Expectation =
  | {
      readonly kind: 'pass';
      readonly name: string;
      readonly files: readonly string[];
      /** The day or solved copy the files belong to: runs of the same code may be shared. */
      readonly root?: string;
      /** Its files may share a module registry in bundles (always, for a day or a copy). */
      readonly bundle?: boolean;
      /** Those of its files that mostly wait on processes they start (servers, nginx, a
       * browser): they run on a Jest worker of their own, beside the main run. */
      readonly waiting?: readonly string[];
    }
  | {
      readonly kind: 'starter-fails';
      readonly name: string;
      readonly exerciseId: string;
      readonly file: string;
      readonly root?: string;
    };

const testFilesIn = (dir: string): string[] =>
  listFiles(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, fromPosix(f)));

/**
 * (b) regular tests pass on each snapshot, (c) each test of each exercise fails on its starter
 * for the right reason (regression guards belong in regular tests), (d) every
 * test passes on the solved copy; plus extra suites (final/, the tooling's own tests).
 */
export function planTests(
  root: string,
  course: Course,
  solvedCopies: ReadonlyMap<string, string>,
  extraSuites: ReadonlyArray<{
    name: string;
    dir: string;
    bundle?: boolean;
    /** A folder of `dir` whose tests mostly wait on processes they start. */
    waiting?: string;
  }> = [],
): Expectation[] {
  const plan: Expectation[] = [];
  for (const day of readyDays(course)) {
    const all = testFilesIn(dayDir(root, day));
    const regular = all.filter((f) => !f.endsWith('.exercise.test.ts'));
    plan.push({
      kind: 'pass',
      name: `day ${day.day}: regular tests pass on the snapshot`,
      files: regular,
      root: dayDir(root, day),
    });
    for (const e of day.exercises) {
      plan.push({
        kind: 'starter-fails',
        name: `exercise ${e.id}: every test fails on its starter for the right reason`,
        exerciseId: e.id,
        file: inDay(root, day, e.test),
        root: dayDir(root, day),
      });
    }
    const solved = solvedCopies.get(day.slug);
    if (solved !== undefined && day.exercises.length > 0) {
      plan.push({
        kind: 'pass',
        name: `day ${day.day}: every test passes with the solution applied`,
        files: testFilesIn(solved),
        root: solved,
      });
    }
  }
  for (const suite of extraSuites) {
    plan.push({
      kind: 'pass',
      name: `${suite.name}: tests pass`,
      files: testFilesIn(suite.dir),
      ...(suite.bundle === true ? { bundle: true } : {}),
      ...(suite.waiting === undefined ? {} : { waiting: testFilesIn(suite.waiting) }),
    });
  }
  return plan;
}

export function evaluateTests(
  plan: readonly Expectation[],
  results: ReadonlyMap<string, FileResult>,
): Check[] {
  return plan.map((x) => {
    if (x.kind === 'starter-fails') {
      const r = results.get(path.resolve(x.file));
      if (!r) return fail(x.name, 'the test did not run');
      const verdict = classifyStarterRun(x.exerciseId, r);
      const count = `${r.tests.length} test${r.tests.length === 1 ? '' : 's'}`;
      return verdict.ok ? pass(`${x.name} (${count}, ${verdict.how})`) : fail(x.name, verdict.why);
    }
    if (x.files.length === 0) return fail(x.name, 'no test files found');
    const problems: string[] = [];
    let count = 0;
    for (const f of x.files) {
      const r = results.get(path.resolve(f));
      if (!r) {
        problems.push(`${f}: did not run`);
        continue;
      }
      count += r.numPassed;
      if (r.loadError !== undefined)
        problems.push(`${f}: does not load: ${oneLine(r.loadError, 300)}`);
      for (const failure of r.failures) {
        problems.push(`${path.basename(f)} › ${failure.name}: ${oneLine(failure.message, 300)}`);
      }
    }
    return problems.length === 0
      ? pass(`${x.name} (${count} tests)`)
      : fail(x.name, problems.slice(0, 12).join('\n'));
  });
}

/**
 * (e) Day N starts from day N-1 solved: every difference between the two is day N's own
 * material, and the lesson's "What changed since Day N-1" list names exactly those files.
 */
export function checkContinuity(root: string, course: Course): Check[] {
  const checks: Check[] = [];
  const days = course.days;
  for (const day of readyDays(course)) {
    if (day.day === 1) continue;
    const prev = days[day.day - 2] as Day;
    const name = `day ${day.day} starts from day ${prev.day} solved and its "What changed" list matches the diff`;
    if (prev.status !== 'ready') {
      checks.push(fail(name, `day ${prev.day} is not ready`));
      continue;
    }
    const d = diffSnapshots(snapshot(root, prev, true), snapshot(root, day));
    const real = new Set(
      [...d.added, ...d.modified, ...d.removed].filter((f) => !NOT_MATERIAL.has(f)),
    );
    const lesson = exists(lessonFile(root, day)) ? read(lessonFile(root, day)) : '';
    const listed = new Set(whatChangedList(lesson, prev.day) ?? []);
    const unlisted = [...real].filter((f) => !listed.has(f));
    const stale = [...listed].filter((f) => !real.has(f));
    const problems = [
      ...unlisted.map((f) => `${f} differs from day ${prev.day} solved but is not listed`),
      ...stale.map((f) => `${f} is listed but does not differ from day ${prev.day} solved`),
    ];
    checks.push(problems.length === 0 ? pass(name) : fail(name, problems.join('\n')));
  }
  return checks;
}

/**
 * A lesson excerpt is a fenced block whose info string names its source:
 * ```ts title="src/app.ts"``` (the day's file), ```ts title="solution: src/config/index.ts"```
 * (the solution overlay) or a repository path (`final/src/app.ts`). Lines `// …` mark elisions;
 * every other run of lines must appear in that file as written.
 */
export interface Excerpt {
  readonly source: string;
  readonly line: number;
  readonly chunks: readonly string[];
}

export function lessonExcerpts(markdown: string): Excerpt[] {
  const out: Excerpt[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,})\w*\s+.*title="([^"]+)"/.exec(lines[i] ?? '');
    if (!open?.[1] || !open[2]) continue;
    const fence = open[1];
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').startsWith(fence)) body.push(lines[j++] ?? '');
    const chunks: string[] = [];
    let current: string[] = [];
    for (const l of body) {
      if (/^\s*(\/\/|#)\s*(…|\.\.\.)\s*$/.test(l)) {
        chunks.push(current.join('\n'));
        current = [];
      } else current.push(l);
    }
    chunks.push(current.join('\n'));
    out.push({ source: open[2], line: i + 1, chunks: chunks.map((c) => c.trim()).filter(Boolean) });
    i = j;
  }
  return out;
}

const normalize = (s: string): string =>
  s
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .join('\n');

export function checkExcerpts(root: string, course: Course): Check[] {
  const checks: Check[] = [];
  for (const day of readyDays(course)) {
    const file = lessonFile(root, day);
    if (!exists(file)) continue;
    const excerpts = lessonExcerpts(read(file));
    const problems: string[] = [];
    for (const x of excerpts) {
      const solution = x.source.startsWith('solution:');
      const rel = x.source.replace(/^solution:\s*/, '');
      const candidates = solution
        ? [path.join(solutionDir(root, day), fromPosix(rel))]
        : [inDay(root, day, rel), path.join(root, fromPosix(rel))];
      const source = candidates.find(exists);
      if (!source) {
        problems.push(`line ${x.line}: names ${x.source}, which does not exist`);
        continue;
      }
      const text = normalize(read(source));
      for (const chunk of x.chunks) {
        if (!text.includes(normalize(chunk))) {
          const first = chunk.split('\n')[0] ?? '';
          problems.push(
            `line ${x.line}: excerpt of ${x.source} no longer matches the code (starting "${first.trim()}")`,
          );
        }
      }
    }
    const name = `day ${day.day}: lesson excerpts match the code (${excerpts.length} excerpts)`;
    checks.push(problems.length === 0 ? pass(name) : fail(name, problems.join('\n')));
  }
  return checks;
}
