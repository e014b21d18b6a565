// `npm run progress`: every day and exercise, done or todo. Results are cached per day under
// a fingerprint of the day's files, so only days you changed since the last run are re-tested.
import { createHash } from 'node:crypto';
import { type Course, type Day, dayDir, readyDays } from '../course';
import { type ExerciseOutcome, runExercises } from '../exercises';
import { listFiles, readFiles } from '../files';
import { color, DONE, TODO } from '../output';
import { readState, writeState } from '../state';
import { type TypeCheckResult, typecheckDay } from '../typecheck';

export function dayFingerprint(root: string, day: Day): string {
  const dir = dayDir(root, day);
  const hash = createHash('sha256');
  for (const [file, content] of readFiles(dir, listFiles(dir))) {
    hash.update(file).update('\0').update(content).update('\0');
  }
  return hash.digest('hex');
}

/** Caches a day's results; an exercise is done when its tests pass and the day type-checks. */
export function recordOutcomes(
  root: string,
  day: Day,
  outcomes: readonly ExerciseOutcome[],
  typesOk: boolean,
): void {
  const state = readState(root);
  state.progress[day.slug] = {
    fingerprint: dayFingerprint(root, day),
    done: Object.fromEntries(outcomes.map((o) => [o.exercise.id, o.result.passed && typesOk])),
  };
  writeState(root, state);
}

export async function progressCommand(root: string, course: Course): Promise<number> {
  const started = Date.now();
  const days = readyDays(course);
  const state = readState(root);
  const done = new Map<string, boolean>();
  const stale: Day[] = [];
  for (const day of days) {
    const cached = state.progress[day.slug];
    if (cached && cached.fingerprint === dayFingerprint(root, day)) {
      for (const [id, ok] of Object.entries(cached.done)) done.set(id, ok);
    } else {
      stale.push(day);
    }
  }
  const untyped = new Set<Day>();
  if (stale.length > 0) {
    // Tests and type checks at the same time, as `check` does.
    const [outcomes, types] = await Promise.all([
      runExercises(
        root,
        stale.flatMap((day) => day.exercises.map((exercise) => ({ day, exercise }))),
      ),
      // One tsc at a time: tsc is itself parallel, and Jest needs the cores too.
      (async () => {
        const out: TypeCheckResult[] = [];
        for (const day of stale) out.push(await typecheckDay(root, day));
        return out;
      })(),
    ]);
    stale.forEach((day, i) => {
      const typesOk = types[i]?.ok === true;
      if (!typesOk) untyped.add(day);
      const mine = outcomes.filter((o) => o.day === day);
      recordOutcomes(root, day, mine, typesOk);
      for (const o of mine) done.set(o.exercise.id, o.result.passed && typesOk);
    });
  }

  let total = 0;
  let finished = 0;
  console.log(color.bold(`\n${course.title}\n`));
  for (const day of course.days) {
    if (day.status !== 'ready') {
      console.log(color.dim(`Day ${String(day.day).padStart(2)}  ${day.title}  (coming soon)`));
      continue;
    }
    const marks = day.exercises.map((e) => (done.get(e.id) ? DONE : TODO)).join(' ');
    const n = day.exercises.filter((e) => done.get(e.id)).length;
    total += day.exercises.length;
    finished += n;
    console.log(
      `Day ${String(day.day).padStart(2)}  ${day.title}  ${marks}  ${n}/${day.exercises.length}`,
    );
    for (const e of day.exercises) {
      console.log(`        ${done.get(e.id) ? DONE : TODO} ${e.id} ${e.title}`);
    }
    if (untyped.has(day)) {
      console.log(
        color.yellow(
          `        day ${day.day} does not type-check: npm run check -- ${day.day} shows the first error`,
        ),
      );
    }
  }
  const reused = days.length - stale.length;
  console.log(
    `\n${finished}/${total} exercises done — ${Date.now() - started} ms (${reused} day(s) from cache, ${stale.length} re-run)`,
  );
  return 0;
}
