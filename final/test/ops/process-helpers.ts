// Helpers for the process-level tests in test/ops: build the server once, start the
// compiled server with `node` (as production does), find system binaries, free ports.
// Nothing here is a test; Jest only runs *.test.ts files.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../../..');
export const finalDir = path.join(repoRoot, 'final');
export const serverJs = path.join(finalDir, 'dist', 'server.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `npm run build` when final/dist/server.js is missing or older than a source file.
 * Test files run in parallel workers, so a lock directory makes the build happen once.
 */
export function ensureBuilt(): void {
  const lock = path.join(os.tmpdir(), 'enterprise-express-final-build.lock');
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a crashed run.
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, { recursive: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`could not take the build lock ${lock}`);
      sleepSync(100);
    }
  }
  try {
    const stale =
      !fs.existsSync(serverJs) ||
      fs.statSync(serverJs).mtimeMs < newestMtime(path.join(finalDir, 'src'));
    if (stale) {
      try {
        execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'pipe' });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
        throw new Error(
          `npm run build failed:\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`,
        );
      }
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export interface Started {
  readonly child: ChildProcess;
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or the signal name) once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const LISTENING = /listening on (https?:\/\/[^\s"'()]+?):(\d+)/;

/** A JWT secret of 48 bytes, enough for production mode. */
export const TEST_JWT_SECRET = 'ops-test-secret-0123456789abcdef0123456789abcdef';

/** Environment for a production-mode server on a free loopback port. */
export function serverEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: 'info',
    // No load balancer watches /ready in these tests: close the listener at once on SIGTERM
    // (production waits 5 s). shutdown.test.ts sets its own delay where it matters.
    SHUTDOWN_READINESS_DELAY_MS: '0',
    ...extra,
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  return env;
}

/**
 * Spawns `node final/dist/server.js` and resolves once it logged "listening on URL".
 * Rejects (with the output) if the process exits first or does not listen in time.
 */
export function startServer(env: NodeJS.ProcessEnv, timeoutMs = 25_000): Promise<Started> {
  const child = spawn(process.execPath, [serverJs], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not log "listening on" within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const match = LISTENING.exec(out);
      if (match && !resolved) {
        resolved = true;
        clearTimeout(timer);
        const port = Number(match[2]);
        resolve({
          child,
          url: `${match[1]}:${port}`,
          port,
          output: () => out,
          exited,
        });
      }
    };
    let resolved = false;
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) => {
      if (!resolved) {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
      }
    });
  });
}

/** Runs the server to completion (for start-up failures) and returns its code and output. */
export function runServerToExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 25_000,
): Promise<{ code: number | null; output: string; listened: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverJs], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not exit within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output: out, listened: LISTENING.test(out) });
    });
  });
}

/** Stops a child if a test failed half-way; no-op when it already exited. */
export async function killQuietly(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill('SIGKILL');
  await started.exited;
}

/**
 * A TCP port that was free a moment ago, for programs that cannot listen on port 0 or must
 * come back on the same port. It lies below the ephemeral range (Linux 32768-60999, macOS
 * and Windows 49152-65535): a port from that range can be handed to any outgoing connection
 * as its source port between this check and the program's listen, and was, once in CI
 * (EADDRINUSE while three instances opened their PostgreSQL pools).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port, host)) return port;
  }
  throw new Error(`no free port found between 20000 and 31999 on ${host}`);
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Path of a system binary, or undefined. Tests that need one skip with a message when it
 * is missing, except under CI (process.env.CI set), where a missing binary is a failure.
 */
export function findBinary(candidates: readonly string[]): string | undefined {
  return candidates.find((candidate) => {
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * describe() when the binary exists. Otherwise the block is skipped with a console message,
 * or, when process.env.CI is set, replaced by one failing test.
 */
export function describeWithBinary(
  title: string,
  binary: { name: string; path: string | undefined; apt: string },
  body: (binaryPath: string) => void,
): void {
  const found = binary.path;
  if (found) {
    describe(title, () => body(found));
    return;
  }
  const message = `${binary.name} not found: install it with "apt-get install -y ${binary.apt}"`;
  if (process.env.CI) {
    describe(title, () => {
      test(`${binary.name} is installed (required because CI is set)`, () => {
        throw new Error(message);
      });
    });
    return;
  }
  console.warn(`SKIPPED "${title}": ${message}`);
  describe.skip(title, () => {
    test(message, () => {});
  });
}

const madeHere: string[] = [];

/** A fresh folder in the OS temp folder; `removeTempDirs` removes it after the file's tests. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  madeHere.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this test file: `afterAll(removeTempDirs)`, at the
 * top level, so it runs after the hooks that stop the servers using them. */
export function removeTempDirs(): void {
  for (const dir of madeHere.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A file still held open (Windows): left to the OS's temp cleanup, not a test failure.
    }
  }
}
