// Runs exercise tests against the learner's working copy and explains the outcome.
import path from 'node:path';
import { type Day, type Exercise, inDay } from './course';
import { relativePosix } from './files';
import { defaultWorkers, type FileResult, firstExpectation, runJest } from './jest';
import type { JestPool } from './jest-process';
import { color, DONE, indent, TODO } from './output';

export interface ExerciseOutcome {
  readonly exercise: Exercise;
  readonly day: Day;
  readonly result: FileResult;
}

/** Runs exercise tests, each file in its own Jest registry as always, spread over up to
 * `processes` Jest processes; with a pool, its ready processes are used first. */
export async function runExercises(
  root: string,
  targets: ReadonlyArray<{ day: Day; exercise: Exercise }>,
  pool?: JestPool,
): Promise<ExerciseOutcome[]> {
  const files = targets.map((t) => inDay(root, t.day, t.exercise.test));
  const results = await runJest(root, files, {
    processes: jestProcessesFor(files.length),
    ...(pool === undefined ? {} : { pool }),
  });
  return targets.map((t, i) => ({
    ...t,
    result: results.get(path.resolve(files[i] ?? ''))!,
  }));
}

/** One Jest process per file, up to as many as Jest would have workers. */
export function jestProcessesFor(files: number): number {
  return Math.max(1, Math.min(files, defaultWorkers()));
}

export function describeOutcome(root: string, o: ExerciseOutcome): string {
  const head = `${o.result.passed ? DONE : TODO} ${o.exercise.id} ${o.exercise.title}`;
  if (o.result.passed) return head;
  const lines = [head];
  if (o.result.loadError !== undefined) {
    lines.push(indent(color.yellow('the test file could not run:'), 4));
    lines.push(indent(firstExpectation(o.result.loadError, 10), 6));
  } else {
    const first = o.result.failures[0];
    if (first) {
      const total = o.result.numPassed + o.result.numFailed;
      lines.push(indent(`${o.result.numPassed}/${total} requirements met; first unmet:`, 4));
      lines.push(indent(color.yellow(first.name), 6));
      lines.push(indent(firstExpectation(first.message), 6));
    }
  }
  const where = o.exercise.files.map((f) => relativePosix(root, inDay(root, o.day, f)));
  lines.push(indent(`work in: ${where.join(', ')}`, 4));
  lines.push(indent(`stuck?   npm run hint -- ${o.exercise.id}`, 4));
  return lines.join('\n');
}
