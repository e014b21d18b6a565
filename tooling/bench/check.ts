// npm run bench:check -- <N | N.M> [--runs <n>]: how long the exercise checker makes a learner
// wait, measured as a learner meets it. It prints figures and never fails on a time: the
// README's "Measured" table comes from here.
//
// It works on a copy of the course in .course/work/, so the learner's own files are never
// touched: the copy's saves are the benchmark's own. Three figures:
// - a one-shot `npm run check -- <target>`, from start to exit (the first run apart: Jest's
//   transform cache and tsc's incremental state start empty in the copy);
// - `check --watch`, from a save to the end of the verdict it causes. The saves alternate
//   between a src/app.ts that type-checks and one that does not, and each verdict must say
//   which, so a run that missed its save is caught rather than timed;
// - `check --watch`, from pressing r to the end of the verdict.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { dayDir, loadCourse, resolveDay, resolveExercise } from '../src/course';
import { CourseError } from '../src/errors';
import { findRepoRoot } from '../src/paths';

/** What a copy of the course needs for `check`: the index, the days, the tooling, the configs. */
const COPIED = [
  'package.json',
  'tsconfig.json',
  'jest.config.js',
  'days',
  path.join('tooling', 'course.json'),
  path.join('tooling', 'src'),
];

const WATCHING = 'watching for changes';

function usageError(message: string): never {
  throw new CourseError(`${message} (usage: npm run bench:check -- <N | N.M> [--runs <n>])`);
}

function options(argv: readonly string[]): { target: string; runs: number } {
  const parse = () =>
    parseArgs({ args: [...argv], options: { runs: { type: 'string' } }, allowPositionals: true });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    usageError((error as Error).message);
  }
  const [target, ...extra] = parsed.positionals;
  if (target === undefined || extra.length > 0) usageError('name one day or one exercise');
  const runs = Number(parsed.values.runs ?? '5');
  if (!Number.isInteger(runs) || runs < 1 || runs > 50)
    usageError('--runs takes a whole number from 1 to 50');
  return { target, runs };
}

/** The learner's command: through npm when this script was started by npm, else the CLI. */
function checkCommand(
  copy: string,
  args: readonly string[],
): { file: string; argv: string[]; label: string } {
  const npm = process.env['npm_execpath'];
  if (npm?.endsWith('.js'))
    return {
      file: process.execPath,
      argv: [npm, 'run', '--silent', 'check', '--', ...args],
      label: `npm run check -- ${args.join(' ')}`,
    };
  return {
    file: process.execPath,
    argv: ['--import', 'tsx', path.join(copy, 'tooling', 'src', 'cli.ts'), 'check', ...args],
    label: `check ${args.join(' ')}`,
  };
}

/** One `check` from start to exit. It must give a verdict (exit 0 or 1), or nothing was timed. */
function oneShot(copy: string, target: string): Promise<number> {
  const { file, argv, label } = checkCommand(copy, [target]);
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: copy,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: noColor(),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || code === 1) resolve(performance.now() - started);
      else reject(new Error(`\`${label}\` exited with ${code}:\n${stderr}`));
    });
  });
}

const noColor = (): NodeJS.ProcessEnv => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' });

/** A running `check --watch`: each call to `next` resolves with the output of the next run. */
class Watcher {
  private out = '';
  private wake: (() => void) | undefined;
  readonly child: ChildProcess;

  constructor(copy: string, target: string) {
    const { file, argv } = checkCommand(copy, [target, '--watch']);
    this.child = spawn(file, argv, {
      cwd: copy,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: noColor(),
    });
    this.child.stdout?.on('data', (chunk: Buffer) => {
      this.out += chunk.toString();
      this.wake?.();
    });
  }

  async next(within = 60_000): Promise<string> {
    const deadline = Date.now() + within;
    while (!this.out.includes(WATCHING)) {
      if (this.child.exitCode !== null) throw new Error('check --watch ended');
      if (Date.now() > deadline) throw new Error(`no verdict within ${within / 1000} s`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 250);
      });
    }
    const end = this.out.indexOf(WATCHING) + WATCHING.length;
    const run = this.out.slice(0, end);
    this.out = this.out.slice(end);
    return run;
  }

  press(key: string): void {
    this.child.stdin?.write(key);
  }

  /** Quits as a learner does (q), so that check stops its tsc and Jest processes itself. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.press('q');
    const timer = setTimeout(() => this.child.kill(), 5000);
    await exited;
    clearTimeout(timer);
  }
}

function summary(label: string, ms: readonly number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const s = (v: number | undefined): string => `${((v ?? 0) / 1000).toFixed(2)} s`;
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  return `${label.padEnd(44)} ${String(ms.length).padStart(2)} runs   min ${s(sorted[0])}   median ${s(median)}   max ${s(sorted.at(-1))}`;
}

async function main(): Promise<void> {
  const { target, runs } = options(process.argv.slice(2));
  const root = findRepoRoot();
  const course = loadCourse(root);
  const day = target.includes('.')
    ? resolveExercise(course, target).day
    : resolveDay(course, target);
  const copy = path.join(root, '.course', 'work', `bench-check-${process.pid}`);
  let watcher: Watcher | undefined;
  // Ctrl+C reaches check too (one process group): it stops its own processes.
  process.once('SIGINT', () => {
    fs.rmSync(copy, { recursive: true, force: true });
    process.exit(130);
  });
  try {
    for (const item of COPIED)
      fs.cpSync(path.join(root, item), path.join(copy, item), { recursive: true });
    const dir = dayDir(copy, day);
    console.log(
      `check ${target} on a copy of ${path.relative(root, dayDir(root, day)).split(path.sep).join('/')}: Node.js ${process.version}, ${os.availableParallelism()} cores, ${runs} runs each`,
    );

    const first = await oneShot(copy, target);
    const shots: number[] = [];
    for (let i = 0; i < runs; i += 1) shots.push(await oneShot(copy, target));

    watcher = new Watcher(copy, target);
    await watcher.next();
    // Each save adds a line to the day's src/app.ts, which every test's app imports: Jest
    // transforms it again and tsc checks what depends on it, as after a learner's edit. Saved
    // as editors do it safely: written beside the day, then renamed in.
    const app = path.join(dir, 'src', 'app.ts');
    const original = fs.readFileSync(app, 'utf8').replace(/\n*$/, '\n');
    const line = original.split('\n').length;
    const saves: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const broken = i % 2 === 0;
      const value = broken ? "'not a number'" : String(i);
      const draft = path.join(copy, 'app.ts.draft');
      fs.writeFileSync(draft, `${original}export const benchEdit: number = ${value};\n`);
      const saved = performance.now();
      fs.renameSync(draft, app);
      const run = await watcher.next();
      saves.push(performance.now() - saved);
      if (run.includes(`src/app.ts:${line}:`) !== broken)
        throw new Error(`the run after save ${i + 1} did not see it:\n${run}`);
    }
    const reruns: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const pressed = performance.now();
      watcher.press('r');
      await watcher.next();
      reruns.push(performance.now() - pressed);
    }
    await watcher.stop();

    const { label } = checkCommand(copy, [target]);
    console.log(summary(`one-shot \`${label}\`, the first`, [first]));
    console.log(summary(`one-shot \`${label}\`, the next`, shots));
    console.log(summary('--watch: from a save to its verdict', saves));
    console.log(summary('--watch: from pressing r to the verdict', reruns));
  } finally {
    await watcher?.stop();
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof CourseError ? `error: ${error.message}` : error);
  process.exitCode = error instanceof CourseError ? 2 : 1;
});
