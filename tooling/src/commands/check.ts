// `npm run check -- N | N.M [--watch]`: the exercise checker.
import fs from 'node:fs';
import {
  type Course,
  type Day,
  dayDir,
  type Exercise,
  resolveDay,
  resolveExercise,
} from '../course';
import { describeOutcome, runExercises } from '../exercises';
import { color } from '../output';
import { recordOutcomes } from './progress';

export async function checkCommand(root: string, course: Course, args: string[]): Promise<number> {
  const watch = args.includes('--watch');
  const target = args.find((a) => !a.startsWith('--'));
  const { day, exercises } = selectTargets(course, target);
  if (exercises.length === 0) {
    console.log(`Day ${day.day} has no exercises.`);
    return 0;
  }
  const once = async (): Promise<number> => {
    const started = Date.now();
    const outcomes = await runExercises(
      root,
      exercises.map((exercise) => ({ day, exercise })),
    );
    console.log(color.bold(`\nDay ${day.day} — ${day.title}`));
    for (const o of outcomes) console.log(describeOutcome(root, o));
    const done = outcomes.filter((o) => o.result.passed).length;
    const summary = `${done}/${outcomes.length} exercises done (${Date.now() - started} ms)`;
    console.log(`\n${done === outcomes.length ? color.green(summary) : summary}`);
    if (exercises.length === day.exercises.length) recordOutcomes(root, day, outcomes);
    return done === outcomes.length ? 0 : 1;
  };
  if (!watch) return once();
  return watchLoop(dayDir(root, day), once);
}

function selectTargets(
  course: Course,
  target: string | undefined,
): { day: Day; exercises: readonly Exercise[] } {
  if (target?.includes('.')) {
    const { day, exercise } = resolveExercise(course, target);
    return { day, exercises: [exercise] };
  }
  const day = resolveDay(course, target);
  return { day, exercises: day.exercises };
}

/**
 * Re-runs on save. Some file systems (network drives, some WSL2 and container mounts) never
 * report changes, so a key press re-runs too, and watching can fail without ending the loop.
 */
async function watchLoop(dir: string, run: () => Promise<number>): Promise<number> {
  let running = false;
  let again = false;
  const trigger = async (): Promise<void> => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    do {
      again = false;
      await run();
    } while (again);
    running = false;
    console.log(color.dim('\nwatching for changes — r or Enter: run again, q: quit'));
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    fs.watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void trigger(), 150);
    });
  } catch (error) {
    console.log(
      color.yellow(
        `file watching is unavailable here (${(error as Error).message}): press r to re-run`,
      ),
    );
  }

  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (key: string) => {
      if (key === 'q' || key === '\u0003') {
        if (stdin.isTTY) stdin.setRawMode(false);
        resolve(0);
        process.exit(0);
      }
      if (key === 'r' || key === '\r' || key === '\n') void trigger();
    });
    void trigger();
  });
}
