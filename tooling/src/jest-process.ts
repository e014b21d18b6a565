// A Jest process that is started before it is needed. It loads Jest and the modules every
// run needs, then waits over IPC for the arguments of one run, does that run and exits. Each
// run still gets its own process, as with `jest` on the command line: the learner's code never
// shares a process with a previous run. Only the wait for Jest to load moves off the critical
// path: `check --watch` keeps one ready for the next save, `check` starts it while the tooling
// is still working out what to run.
import { type ChildProcess, spawn } from 'node:child_process';

/** Loaded before any run arrives. A module that fails to load is skipped: Jest loads what it
 * needs itself, this only moves the cost earlier. */
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

// JavaScript, not TypeScript: this runs in a plain Node process because Jest under tsx's
// require hooks starts 0.13 s slower. Jest starts its workers with this process's execArgv,
// which holds `-e <this program>`: it is removed, or each worker would run this instead of
// Jest's worker. The message listener comes before the loading, so arguments sent meanwhile
// are delivered once it ends. `run` is what `jest` on the command line calls; with --forceExit
// it ends the process itself.
const PROGRAM = `
process.execArgv.splice(process.execArgv.indexOf('-e'), 2);
process.once('message', (args) => require(process.argv[1]).run(args));
process.once('disconnect', () => process.exit(1));
for (const name of process.argv.slice(2)) { try { require(name); } catch {} }
`;

export interface JestProcess {
  /** Sends the command-line arguments of one run; resolves with its stderr when it exits. */
  run(args: readonly string[]): Promise<string>;
  /** Ends a process that was never given a run; it cannot be given one after. */
  dispose(): void;
}

/**
 * Starts a process that waits for one Jest run. `env` is its whole environment. `warm` loads
 * what a run needs before it is asked for: worth it when the process will run the tests itself
 * (one worker), wasted when Jest's workers will.
 */
export function startJestProcess(root: string, env: NodeJS.ProcessEnv, warm = true): JestProcess {
  const jestPath = require.resolve('jest', { paths: [root] });
  const child: ChildProcess = spawn(
    process.execPath,
    ['-e', PROGRAM, jestPath, ...(warm ? WARM_MODULES : [])],
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
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`${stderr}\n${String(error)}`));
    child.on('close', () => resolve(stderr));
  });
  let used = false;
  return {
    run(args) {
      if (used) throw new Error('a Jest process runs once');
      used = true;
      if (child.connected) child.send([...args]);
      return exited;
    },
    dispose() {
      if (used) return;
      used = true;
      child.kill();
    },
  };
}

/** Jest processes kept ready for the next run of `check --watch`. */
export class JestPool {
  private readonly ready: JestProcess[] = [];

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** Starts processes until `count` are waiting. */
  prepare(count: number): void {
    while (this.ready.length < count) this.ready.push(startJestProcess(this.root, this.env));
  }

  /** A waiting process, or a new one when none is left. */
  take(): JestProcess {
    return this.ready.shift() ?? startJestProcess(this.root, this.env);
  }

  dispose(): void {
    for (const p of this.ready.splice(0)) p.dispose();
  }
}
