// The course index (tooling/course.json) is the single source of truth for days and
// exercises. This module loads it, checks its shape, and answers lookups for the commands.
import fs from 'node:fs';
import path from 'node:path';
import { CourseError } from './errors';
import { fromPosix, INDEX_FILE } from './paths';

export interface Topic {
  /** The seed plan's topic number for that day. */
  readonly n: number;
  /** The lesson heading, in Express terms: the lesson has `## {n}. {title}`. */
  readonly title: string;
  /** The seed plan's own words (Axum terms), kept for traceability. */
  readonly seed: string;
}

export interface Exercise {
  readonly id: string;
  readonly title: string;
  /** Test file, relative to the day folder. */
  readonly test: string;
  /** Where the learner works, relative to the day folder. */
  readonly files: readonly string[];
  readonly hints: readonly string[];
  /** The lesson heading to re-read (text of a `##`/`###` heading in the day README). */
  readonly lesson: string;
  /** A design exercise: more than one reasonable answer, checked by behaviour. */
  readonly design?: boolean;
}

export interface Day {
  readonly day: number;
  readonly slug: string;
  readonly title: string;
  /** `ready` days have a folder; `planned` ones are announced but not written yet. */
  readonly status: 'ready' | 'planned';
  readonly topics: readonly Topic[];
  readonly exercises: readonly Exercise[];
}

export interface Course {
  readonly title: string;
  readonly days: readonly Day[];
}

export const EXERCISE_TEST = /^test\/(\d+\.\d+)-[a-z0-9-]+\.exercise\.test\.ts$/;

export function loadCourse(root: string): Course {
  const file = path.join(root, INDEX_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CourseError(`cannot read ${INDEX_FILE}: ${(error as Error).message}`);
  }
  const problems = validateCourse(raw);
  if (problems.length > 0) {
    throw new CourseError(`${INDEX_FILE} is malformed: ${problems.join('; ')}`);
  }
  return raw as Course;
}

/** Shape checks only; whether the files exist is the integrity check's job. */
export function validateCourse(raw: unknown): string[] {
  const problems: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (!isObj(raw) || !isStr(raw.title) || !Array.isArray(raw.days)) {
    return ['expected { title, days: [...] }'];
  }
  for (const [i, d] of (raw.days as unknown[]).entries()) {
    const where = `days[${i}]`;
    if (!isObj(d)) {
      problems.push(`${where} is not an object`);
      continue;
    }
    if (d.day !== i + 1) problems.push(`${where}.day must be ${i + 1}`);
    const pad = String(i + 1).padStart(2, '0');
    if (!isStr(d.slug) || !new RegExp(`^${pad}-[a-z0-9-]+$`).test(d.slug)) {
      problems.push(`${where}.slug must look like "${pad}-topic"`);
    }
    if (!isStr(d.title)) problems.push(`${where}.title is missing`);
    if (d.status !== 'ready' && d.status !== 'planned') {
      problems.push(`${where}.status must be "ready" or "planned"`);
    }
    if (!Array.isArray(d.topics) || d.topics.length === 0) {
      problems.push(`${where}.topics must list the seed topics`);
    } else {
      d.topics.forEach((t: unknown, j) => {
        if (!isObj(t) || t.n !== j + 1 || !isStr(t.title) || !isStr(t.seed)) {
          problems.push(`${where}.topics[${j}] must be { n: ${j + 1}, title, seed }`);
        }
      });
    }
    if (!Array.isArray(d.exercises)) {
      problems.push(`${where}.exercises must be a list`);
      continue;
    }
    for (const [j, e] of (d.exercises as unknown[]).entries()) {
      const at = `${where}.exercises[${j}]`;
      if (!isObj(e)) {
        problems.push(`${at} is not an object`);
        continue;
      }
      if (e.id !== `${i + 1}.${j + 1}`) problems.push(`${at}.id must be "${i + 1}.${j + 1}"`);
      if (!isStr(e.title)) problems.push(`${at}.title is missing`);
      const m = isStr(e.test) ? EXERCISE_TEST.exec(e.test) : null;
      if (!m || m[1] !== e.id) {
        problems.push(`${at}.test must be "test/${String(e.id)}-<requirement>.exercise.test.ts"`);
      }
      if (!Array.isArray(e.files) || e.files.length === 0 || !e.files.every(isStr)) {
        problems.push(`${at}.files must name where the learner works`);
      }
      if (!Array.isArray(e.hints) || e.hints.length < 1 || e.hints.length > 3) {
        problems.push(`${at}.hints must hold 1 to 3 hints`);
      } else if (!e.hints.every(isStr)) {
        problems.push(`${at}.hints must be non-empty strings`);
      }
      if (!isStr(e.lesson)) problems.push(`${at}.lesson must name a lesson heading`);
      if (e.design !== undefined && typeof e.design !== 'boolean') {
        problems.push(`${at}.design must be true or left out`);
      }
    }
  }
  return problems;
}

export function readyDays(course: Course): Day[] {
  return course.days.filter((d) => d.status === 'ready');
}

function readyRange(course: Course): string {
  const ready = readyDays(course).map((d) => d.day);
  if (ready.length === 0) return 'no day is available yet';
  return ready.length === 1
    ? `day ${ready[0]} is available`
    : `days ${ready[0]}–${ready.at(-1)} are available`;
}

/** Parses a day number typed by a person; planned days are refused with the valid range. */
export function resolveDay(course: Course, arg: string | undefined): Day {
  const last = course.days.length;
  if (arg === undefined || !/^\d+$/.test(arg)) {
    throw new CourseError(
      `${arg === undefined ? 'missing day' : `"${arg}" is not a day`}: give a number from 1 to ${last} (${readyRange(course)})`,
    );
  }
  const day = course.days[Number(arg) - 1];
  if (!day) throw new CourseError(`there is no day ${arg}: the course has days 1 to ${last}`);
  if (day.status !== 'ready') {
    throw new CourseError(
      `Day ${day.day} (${day.title}) does not exist yet: ${readyRange(course)}`,
    );
  }
  return day;
}

/** Parses `N.M`; `N` alone is left to resolveDay. */
export function resolveExercise(
  course: Course,
  arg: string | undefined,
): { day: Day; exercise: Exercise } {
  const m = arg === undefined ? null : /^(\d+)\.(\d+)$/.exec(arg);
  if (!m) {
    throw new CourseError(
      `${arg === undefined ? 'missing exercise id' : `"${arg}" is not an exercise id`}: use N.M, for example 1.2`,
    );
  }
  const day = resolveDay(course, m[1]);
  const exercise = day.exercises.find((e) => e.id === `${Number(m[1])}.${Number(m[2])}`);
  if (!exercise) {
    const ids = day.exercises.map((e) => e.id);
    const range = ids.length === 0 ? 'none' : `${ids[0]}–${ids.at(-1)}`;
    throw new CourseError(`exercise ${arg} does not exist: day ${day.day} has exercises ${range}`);
  }
  return { day, exercise };
}

export const dayDir = (root: string, day: Day): string => path.join(root, 'days', day.slug);
export const solutionDir = (root: string, day: Day): string =>
  path.join(root, 'solutions', day.slug);
export const briefFile = (root: string, day: Day): string =>
  path.join(root, 'exercises', `${day.slug}.md`);
export const lessonFile = (root: string, day: Day): string =>
  path.join(dayDir(root, day), 'README.md');
export const inDay = (root: string, day: Day, rel: string): string =>
  path.join(dayDir(root, day), fromPosix(rel));

/** The note beside a solution overlay; it is documentation, never copied into a day. */
export const SOLUTION_NOTE = 'SOLUTION.md';
