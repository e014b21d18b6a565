// A Jest process started before it is needed: it loads Jest, then takes runs over IPC. The
// integrity check gives each process one run, as `jest` on the command line would. `check`
// keeps its processes between runs, as `jest --watch` keeps its own: each test file still gets
// a fresh sandbox and module registry, and what Jest learnt in the process (resolutions,
// transformed files, its own modules) makes the next run 3 to 6 times faster (day 9's 9.1:
// about 1.0 s in a new process, 0.3 s in a used one). A process whose run left a timer, socket
// or server open is never given another run: the learner's code could still be running in it.
import { type ChildProcess, spawn } from 'node:child_process';

/** Loaded before the first run arrives. A module that fails to load is skipped: Jest loads
 * what it needs itself; this only moves the cost earlier. */
const WARM_MODULES = [
  '@jest/core',
  '@jest/reporters',
  '@jest/test-sequencer',
  '@jest/transform',
  '@swc/core',
  '@swc/jest',
  'expect',
  'jest-circus/runner',
  'jest-config',
  'jest-environment-node',
  'jest-haste-map',
  'jest-resolve',
  'jest-runner',
  'jest-runtime',
  'jest-snapshot',
  'yargs',
];

/** Runs one process takes at most, so that what Jest keeps in memory stays bounded. */
const MAX_RUNS = 50;

// JavaScript, not TypeScript: this runs in a plain Node process because Jest under tsx's
// require hooks starts 0.13 s slower. Jest starts its workers with this process's execArgv,
// which holds `-e <this program>`: it is removed, or each worker would run this instead of
// Jest's worker. The message listener comes before the loading, so a run sent meanwhile is
// taken once the loading ends. Each run is what `jest <args>` does (buildArgv, then runCLI).
// Before a run after the first, the process must hold no more timers, sockets or servers than
// before the first: what a run started and never stopped (Node's HTTP date cache and Jest's own
// timers end within a second, so it waits up to `grace` ms for them) means the learner's code
// may still be running here, and the process refuses the run and ends. After a last run it
// exits even if something is still open (what jest --forceExit does; runCLI never exits).
const PROGRAM = `
process.execArgv.splice(process.execArgv.indexOf('-e'), 2);
const [jest, grace, ...warm] = process.argv.slice(1);
const resources = () => {
  const count = new Map();
  for (const name of process.getActiveResourcesInfo()) count.set(name, (count.get(name) ?? 0) + 1);
  return count;
};
let idle;
const busier = () => [...resources()].some(([name, n]) => n > (idle.get(name) ?? 0));
process.on('message', async ({ args, last }) => {
  if (idle === undefined) idle = resources();
  for (let waited = 0; busier() && waited < Number(grace); waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (busier()) return process.send({ refused: true }, () => process.exit(0));
  let error = null;
  try {
    const { buildArgv, runCLI } = require(jest);
    await runCLI(await buildArgv(args), [process.cwd()]);
  } catch (e) {
    error = String((e && e.stack) || e);
  }
  process.send({ error }, () => { if (last) process.exit(0); });
});
process.on('disconnect', () => process.exit(0));
for (const name of warm) { try { require(name); } catch {} }
`;

export interface JestProcess {
  /**
   * Gives the process one run: `args` as for `jest` on the command line. Resolves with what
   * Jest printed to stderr (and the error, when Jest itself failed), or with undefined when the
   * process refused the run because an earlier one left something running (it has ended).
   * With `last`, the process ends after the run.
   */
  run(args: readonly string[], last: boolean): Promise<string | undefined>;
  /** Alive, idle, not told its run was the last, and under its number of runs. */
  readonly reusable: boolean;
  /** Ends the process (it takes no more runs). */
  dispose(): void;
}

export interface JestProcessOptions {
  /** Load what a run needs before it is asked for: worth it when the process runs the tests
   * itself (one worker), wasted when Jest's workers do. */
  readonly warm?: boolean;
  /** How long a kept process waits, before a run, for timers and sockets of the previous run to
   * end on their own (ms). */
  readonly grace?: number;
}

/** Starts a process that waits for runs. `env` is its whole environment. */
export function startJestProcess(
  root: string,
  env: NodeJS.ProcessEnv,
  { warm = true, grace = 1200 }: JestProcessOptions = {},
): JestProcess {
  const jestPath = require.resolve('jest', { paths: [root] });
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', PROGRAM, jestPath, String(grace), ...(warm ? WARM_MODULES : [])],
    {
      cwd: root,
      // jest/bin/jest sets NODE_ENV when it is unset; this process skips that script.
      env: { NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let alive = true;
  let busy = false;
  let ending = false;
  let runs = 0;
  let finish: ((text: string | undefined) => void) | undefined;
  const settle = (text: string | undefined): void => {
    busy = false;
    const done = finish;
    finish = undefined;
    done?.(text);
  };
  child.on('message', (reply: { error?: string | null; refused?: boolean }) => {
    if (reply.refused === true) {
      ending = true;
      settle(undefined);
    } else settle(reply.error ? `${stderr}\n${reply.error}` : stderr);
  });
  child.on('error', (error) => {
    alive = false;
    settle(`${stderr}\n${String(error)}`);
  });
  child.on('exit', () => {
    alive = false;
    settle(stderr);
  });
  return {
    run(args, last) {
      if (!alive || busy || ending) throw new Error('this Jest process cannot take a run');
      busy = true;
      runs += 1;
      ending = last || runs >= MAX_RUNS;
      stderr = '';
      const done = new Promise<string | undefined>((resolve) => {
        finish = resolve;
      });
      child.send({ args: [...args], last: ending });
      return done;
    },
    get reusable() {
      return alive && !busy && !ending;
    },
    dispose() {
      if (alive) child.kill();
      alive = false;
    },
  };
}

/** Jest processes kept by `check`: ready before a run, and kept after it when clean. */
export class JestPool {
  private readonly ready: JestProcess[] = [];

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: JestProcessOptions = {},
  ) {}

  /** Starts processes until `count` are ready. */
  prepare(count: number): void {
    while (this.ready.length < count)
      this.ready.push(startJestProcess(this.root, this.env, this.options));
  }

  /** A ready process, or a new one when none is left. */
  private take(): JestProcess {
    let next = this.ready.shift();
    while (next !== undefined && !next.reusable) {
      next.dispose();
      next = this.ready.shift();
    }
    return next ?? startJestProcess(this.root, this.env, this.options);
  }

  /** Does one run in a ready process (another, if that one refuses it) and keeps the
   * process for the next run when it can take one. */
  async run(args: readonly string[]): Promise<string> {
    for (;;) {
      const jest = this.take();
      try {
        const stderr = await jest.run(args, false);
        if (stderr !== undefined) return stderr;
      } finally {
        if (jest.reusable) this.ready.push(jest);
        else jest.dispose();
      }
    }
  }

  dispose(): void {
    for (const p of this.ready.splice(0)) p.dispose();
  }
}
