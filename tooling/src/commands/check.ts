// `npm run check -- N | N.M [--watch]`: the exercise checker. It runs the exercise tests and
// type-checks the day at the same time: a day is done when its tests pass and it compiles.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedArgs } from '../args';
import {
  type Course,
  type Day,
  dayDir,
  type Exercise,
  resolveDay,
  resolveExercise,
} from '../course';
import { describeOutcome, jestProcessesFor, runExercises } from '../exercises';
import { relativePosix } from '../files';
import { jestEnv } from '../jest';
import { JestPool } from '../jest-process';
import { color, DONE, indent, TODO } from '../output';
import { TypeWatch } from '../type-watch';
import { besideJest, describeTypeError, type TypeCheckResult, typecheckDay } from '../typecheck';
import { recordOutcomes } from './progress';

export async function checkCommand(
  root: string,
  course: Course,
  args: ParsedArgs,
): Promise<number> {
  const target = args.positionals[0];
  const { day, exercises } = selectTargets(course, target);
  if (exercises.length === 0) {
    console.log(`Day ${day.day} has no exercises.`);
    return 0;
  }
  const whole = !target?.includes('.');
  // Jest starts loading now, while the rest is worked out. In --watch, its processes stay for
  // the next run: each test file still gets a fresh sandbox, as in `jest --watch`.
  const pool = new JestPool(root, jestEnv());
  const processes = jestProcessesFor(exercises.length);
  pool.prepare(processes);
  const afresh = (): Promise<TypeCheckResult> => typecheckDay(root, day, besideJest());
  /** One run; `quick` is a type check other than a fresh tsc (check --watch's). */
  const once = async (quick?: () => Promise<TypeCheckResult | undefined>): Promise<number> => {
    const started = Date.now();
    const [outcomes, early] = await Promise.all([
      runExercises(
        root,
        exercises.map((exercise) => ({ day, exercise })),
        pool,
      ),
      quick === undefined ? afresh() : quick().then((r) => r ?? afresh()),
    ]);
    // "Done" is recorded and celebrated only on a fresh tsc's word.
    const types =
      quick !== undefined && early.ok && outcomes.every((o) => o.result.passed)
        ? await afresh()
        : early;
    console.log(color.bold(`\nDay ${day.day} — ${day.title}`));
    for (const o of outcomes) console.log(describeOutcome(root, o));
    console.log(describeTypes(root, day, types, whole));
    const done = outcomes.filter((o) => o.result.passed).length;
    const ms = `(${Date.now() - started} ms)`;
    const allPass = done === outcomes.length;
    const summary = !types.ok
      ? `${done}/${outcomes.length} exercises pass their tests, but day ${day.day} does not type-check: not done yet ${ms}`
      : `${done}/${outcomes.length} exercises done ${ms}`;
    console.log(`\n${allPass && types.ok ? color.green(summary) : summary}`);
    if (whole) recordOutcomes(root, day, outcomes, types.ok);
    return allPass && types.ok ? 0 : 1;
  };
  if (args.options.watch !== true) {
    try {
      return await once();
    } finally {
      pool.dispose();
    }
  }
  let tsc = TypeWatch.start(root, path.join(dayDir(root, day), 'tsconfig.json'), day.slug);
  let within = 20_000; // the first check of the day takes longest
  /** tsc --watch's check, a fraction of a fresh tsc's time. If it does not answer (a file system
   * that reports no changes), fresh ones take over for the rest of the session. */
  const quick = async (): Promise<TypeCheckResult | undefined> => {
    const result = await tsc?.check(within);
    within = 5000;
    if (result === undefined) {
      tsc?.stop();
      tsc = undefined;
    }
    return result;
  };
  return watchLoop(
    dayDir(root, day),
    async () => {
      const code = await once(tsc === undefined ? undefined : quick);
      pool.prepare(processes);
      return code;
    },
    () => {
      pool.dispose();
      tsc?.stop();
    },
  );
}

/** The type-check line: ✔, or ✘ with the first error's place and how to see them all. */
export function describeTypes(
  root: string,
  day: Day,
  types: TypeCheckResult,
  whole: boolean,
): string {
  const tsconfig = relativePosix(root, path.join(dayDir(root, day), 'tsconfig.json'));
  const scope = whole
    ? ''
    : ` (type errors anywhere in day ${day.day} count, not only in this exercise's files)`;
  if (types.ok) return `${DONE} day ${day.day} type-checks (strict)${scope}`;
  const first = types.errors[0];
  const lines = [
    `${TODO} day ${day.day} does not type-check (strict)${scope}`,
    first
      ? indent(
          `${types.errors.length} error${types.errors.length === 1 ? '' : 's'}; the first:\n  ${color.yellow(describeTypeError(first))}`,
          4,
        )
      : indent(types.output.trim().split('\n').slice(0, 5).join('\n'), 4),
    indent(`all of them: npx tsc -p ${tsconfig}`, 4),
  ];
  return lines.join('\n');
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
async function watchLoop(
  dir: string,
  run: () => Promise<number>,
  stop: () => void,
): Promise<number> {
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
      try {
        await run();
      } catch (error) {
        // Watching goes on: the next save may well mend what broke this run.
        console.error(color.yellow(`this check could not run: ${(error as Error).message}`));
      }
    } while (again);
    running = false;
    console.log(color.dim('\nwatching for changes — r or Enter: run again, q: quit'));
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    // A save can arrive as several events (truncate, write, rename): one run after they stop.
    fs.watch(dir, { recursive: true }, () => {
      clearTimeout(timer);
      timer = setTimeout(() => void trigger(), 80);
    });
  } catch (error) {
    console.log(
      color.yellow(
        `file watching is unavailable here (${(error as Error).message}): press r to re-run`,
      ),
    );
  }

  // Without a terminal, Ctrl+C is a signal rather than a key: tsc and the probe go too.
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
  return new Promise((resolve) => {
    const stdin = process.stdin;
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', (key: string) => {
      if (key === 'q' || key === '\u0003') {
        if (stdin.isTTY) stdin.setRawMode(false);
        stop();
        resolve(0);
        process.exit(0);
      }
      if (key === 'r' || key === '\r' || key === '\n') void trigger();
    });
    void trigger();
  });
}
