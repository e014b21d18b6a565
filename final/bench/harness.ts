// What every `npm run bench` table shares: CPU pinning, servers as child processes running
// compiled JavaScript with the flags of `npm start`, one autocannon run with the server's CPU
// time around it, and the table format. run.ts (final/ against bare Express) and scale-out.ts
// (final/ on PostgreSQL, 1 and 2 instances behind nginx) build their rows from these.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export const repoRoot = path.resolve(__dirname, '../..');
export const serverJs = path.join(repoRoot, 'final', 'dist', 'server.js');
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
export const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 3);
/** Warm-up before each measured row: longer in the first round (cold JIT and caches). */
export const FIRST_WARM_UP_S = 1;
export const WARM_UP_S = 0.5;
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

/** `npm run build`, unless BENCH_SKIP_BUILD is set (final/dist is then used as it is). */
export function buildFinal(): void {
  if (process.env.BENCH_SKIP_BUILD) return;
  console.error('building final/ ...');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
}

/** CPUs this process may run on, from /proc (Linux); undefined when unknown. */
function allowedCpus(): number[] | undefined {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1];
    if (list === undefined) return undefined;
    return list.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);
    });
  } catch {
    return undefined;
  }
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Load generator on the first allowed CPU, servers on the others: only on Linux with taskset
 * and at least two CPUs, and never required (BENCH_PIN=0 turns it off).
 */
function choosePinning(): { generator: string; servers: string } | undefined {
  if (process.platform !== 'linux' || process.env.BENCH_PIN === '0') return undefined;
  const cpus = allowedCpus();
  if (cpus === undefined || cpus.length < 2 || !hasTaskset()) return undefined;
  const pinning = { generator: String(cpus[0]), servers: cpus.slice(1).join(',') };
  try {
    // -a: every thread of this process (autocannon runs on the main thread; libuv's pool too).
    execFileSync('taskset', ['-a', '-p', '-c', pinning.generator, String(process.pid)], {
      stdio: 'ignore',
    });
    return pinning;
  } catch {
    return undefined;
  }
}

export const pinning = choosePinning();

/**
 * The node flags of `npm start` (and the Dockerfile's CMD, which a test keeps equal), given
 * to both servers: each runs as production would run it.
 */
function productionNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const [node, ...args] = (pkg.scripts['start'] ?? '').split(/\s+/);
  if (node !== 'node') throw new Error('npm start is expected to run node');
  return args.filter((arg) => arg.startsWith('--'));
}

export const NODE_FLAGS = productionNodeFlags();

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns node with args; stdout/stderr go to a file (as a log shipper would take them). */
export async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<Server> {
  const fd = fs.openSync(logFile, 'w');
  // `taskset -c <cpus> node ...` execs node in place: the pid (and its signals) stay node's.
  const [command, ...commandArgs] =
    pinning === undefined
      ? [process.execPath, ...args]
      : ['taskset', '-c', pinning.servers, process.execPath, ...args];
  const child = spawn(command!, commandArgs, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  for (;;) {
    const log = fs.readFileSync(logFile, 'utf8');
    const match = /listening on (http:\/\/[^\s"'()]+?:\d+)/.exec(log);
    if (match?.[1]) {
      return {
        url: match[1],
        child,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not start:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One autocannon run of one scenario in one round. */
export interface Sample {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** The server's CPU time per request (user + system), in µs; undefined off Linux. */
  cpuUs: number | undefined;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || undefined;
  } catch {
    return undefined;
  }
})();

/** CPU time a process has used so far, in µs (Linux: /proc/<pid>/stat utime + stime). */
export function cpuTimeUs(pid: number | undefined): number | undefined {
  if (pid === undefined || CLOCK_TICKS === undefined) return undefined;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

type Measured = { readonly child: ChildProcess };

/** CPU time the processes have used so far, summed; undefined when one cannot be read. */
function cpuTimeOf(processes: readonly Measured[]): number | undefined {
  let sum = 0;
  for (const { child } of processes) {
    const used = cpuTimeUs(child.pid);
    if (used === undefined) return undefined;
    sum += used;
  }
  return sum;
}

/**
 * One measured autocannon run after a warm-up. `cpuUs` is the CPU time of `measured` (one
 * server, or every process that serves the requests, summed) per request.
 */
export async function cannon(
  options: autocannon.Options,
  warmUpS: number,
  measured: Measured | readonly Measured[],
): Promise<Sample> {
  const processes: readonly Measured[] = Array.isArray(measured)
    ? measured
    : [measured as Measured];
  // Warm-up (JIT, connection setup, SQLite page cache), not measured.
  if (warmUpS > 0) await autocannon({ connections: CONNECTIONS, ...options, duration: warmUpS });
  const cpuBefore = cpuTimeOf(processes);
  const result = await autocannon({ connections: CONNECTIONS, ...options, duration: DURATION_S });
  const cpuAfter = cpuTimeOf(processes);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    cpuUs:
      cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
        ? undefined
        : (cpuAfter - cpuBefore) / result.requests.total,
  };
}

export async function json<T>(
  url: string,
  init: { method?: string; token?: string; body?: unknown },
): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (!res.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} -> ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function table(
  header: string[],
  lines: string[][],
  leftColumns: (i: number) => boolean,
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]): string =>
    `| ${cells.map((c, i) => (leftColumns(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    render(header),
    `|${widths.map((w, i) => (leftColumns(i) ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
}

export const fixed = (value: number | undefined, digits = 2): string =>
  value === undefined ? '-' : value.toFixed(digits);

/**
 * The requests of final/'s rows, the same in every table, as autocannon options against
 * `base` (an instance or a proxy) with the admin's `Authorization` header. Each call starts a
 * new run: the cache-miss row's price bounds continue from a fresh random point.
 */
export function finalRequests(base: string, auth: Record<string, string>) {
  let bound = 1_000_000 + Math.floor(Math.random() * 1e9);
  return {
    health: { url: `${base}/health` },
    listHit: { url: `${base}/api/v1/products?limit=20`, headers: auth },
    // Every request asks a query no request asked before (a price bound above every price, so
    // still the same 20 rows): the list cache never has it.
    listMiss: {
      url: base,
      headers: auth,
      requests: [
        {
          setupRequest: (request: autocannon.Request) => ({
            ...request,
            path: `/api/v1/products?limit=20&maxPriceCents=${bound++}`,
          }),
        },
      ],
    },
    post: {
      url: `${base}/api/v1/posts`,
      method: 'POST' as const,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Bench post',
        body: 'Written by autocannon',
        status: 'published',
      }),
    },
  } satisfies Record<string, autocannon.Options>;
}
