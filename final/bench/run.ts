// npm run bench: one run, one table. Every server is a child process running compiled
// JavaScript with node (bare Express from an inline script, final/ from final/dist), and
// the same autocannon settings drive every row, so the ratios compare like with like.
// This is a measurement, never a test: nothing here fails a build.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

const repoRoot = path.resolve(__dirname, '../..');
const serverJs = path.join(repoRoot, 'final', 'dist', 'server.js');
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CONCURRENT_LOGINS = 16;
const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Spawns node with args; stdout/stderr go to a file (as a log shipper would take them). */
async function spawnServer(
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<Server> {
  const fd = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', fd, fd] });
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

const BARE_EXPRESS = `
const express = require('express');
const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => { res.json({ hello: 'world' }); });
const server = app.listen(0, '127.0.0.1', () => {
  console.log('listening on http://127.0.0.1:' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  ratio?: number;
  target?: string;
  met?: boolean;
}

async function cannon(name: string, options: autocannon.Options): Promise<Row> {
  // One second of warm-up (JIT, connection pools, SQLite page cache), not measured.
  await autocannon({ connections: CONNECTIONS, ...options, duration: 1 });
  const result = await autocannon({
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...options,
  });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

async function json<T>(
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

async function login(url: string): Promise<string> {
  const pair = await json<{ accessToken: string }>(`${url}/api/v1/auth/login`, {
    method: 'POST',
    body: ADMIN,
  });
  return pair.accessToken;
}

function format(rows: Row[]): string {
  const header = ['Scenario', 'req/s', 'p50 ms', 'p99 ms', 'x bare', 'Target', 'Met'];
  const lines = rows.map((row) => [
    row.name + (row.non2xx || row.errors ? ` (!${row.non2xx} non-2xx, ${row.errors} errors)` : ''),
    Math.round(row.rps).toLocaleString('en-US'),
    String(row.p50),
    String(row.p99),
    row.ratio === undefined ? '1.00' : row.ratio.toFixed(2),
    row.target ?? '-',
    row.met === undefined ? '-' : row.met ? 'met' : 'NOT met',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const render = (cells: string[]): string =>
    `| ${cells.map((c, i) => (i === 0 || i >= 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    render(header),
    `|${widths.map((w, i) => (i === 0 || i >= 5 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`,
    ...lines.map(render),
  ].join('\n');
}

async function main(): Promise<void> {
  if (!process.env.BENCH_SKIP_BUILD) {
    console.error('building final/ ...');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'final-bench-'));
  const rows: Row[] = [];
  const servers: Server[] = [];
  try {
    const bare = await spawnServer(
      ['-e', BARE_EXPRESS],
      { PATH: process.env.PATH },
      path.join(dir, 'bare.log'),
    );
    servers.push(bare);
    const final = await spawnServer(
      [serverJs],
      {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        DB_PATH: path.join(dir, 'bench.db'),
        JWT_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        // Production defaults everywhere (logging, bcrypt cost, hashing threads), except that
        // the per-client limits must not turn a load test into a stream of 429s.
        RATE_LIMIT_MAX: '1000000000',
        LOGIN_RATE_LIMIT_MAX: '1000000000',
        // Nothing probes /ready here; stop promptly when the bench is done.
        SHUTDOWN_READINESS_DELAY_MS: '0',
      },
      path.join(dir, 'final.log'),
    );
    servers.push(final);

    const token = await login(final.url);
    for (let i = 1; i <= 20; i++) {
      await json(`${final.url}/api/v1/products`, {
        method: 'POST',
        token,
        body: {
          name: `Bench product ${i}`,
          description: `Seeded product number ${i}`,
          priceCents: 100 * i,
        },
      });
    }
    const auth = { authorization: `Bearer ${token}` };

    console.error(
      `measuring: ${DURATION_S} s per row, ${CONNECTIONS} connections, ${os.cpus().length} CPUs`,
    );
    const bareRow = await cannon('bare Express `GET /` (hello)', { url: `${bare.url}/` });
    rows.push(bareRow);
    await bare.stop();
    servers.shift();

    rows.push(await cannon('final `GET /health`', { url: `${final.url}/health` }));
    rows.push(
      await cannon('final `GET /api/v1/products` (20 rows, token)', {
        url: `${final.url}/api/v1/products?limit=20`,
        headers: auth,
      }),
    );
    rows.push(
      await cannon('final `POST /api/v1/posts` (token)', {
        url: `${final.url}/api/v1/posts`,
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: 'Bench post',
          body: 'Written by autocannon',
          status: 'published',
        }),
      }),
    );

    // 16 logins in flight at all times while /health is measured.
    let hashing = true;
    let logins = 0;
    const loginLoops = Array.from({ length: CONCURRENT_LOGINS }, async () => {
      while (hashing) {
        await login(final.url);
        logins++;
      }
    });
    const duringLogins = await cannon(
      `final \`GET /health\` during ${CONCURRENT_LOGINS} concurrent logins`,
      {
        url: `${final.url}/health`,
      },
    );
    hashing = false;
    await Promise.all(loginLoops);
    duringLogins.name += ` (${logins} logins)`;
    rows.push(duringLogins);

    const [, health, products, posts] = rows;
    for (const row of rows.slice(1)) row.ratio = row.rps / bareRow.rps;
    health!.target = '>= 0.8x bare';
    health!.met = health!.ratio! >= 0.8;
    products!.target = '>= 0.5x bare';
    products!.met = products!.ratio! >= 0.5;
    posts!.target = 'report only';
    duringLogins.target = 'p99 <= 25 ms';
    duringLogins.met = duringLogins.p99 <= 25;

    console.log(format(rows));
    console.log(
      `\n${DURATION_S} s per row after 1 s of warm-up, ${CONNECTIONS} connections, autocannon and servers on one machine ` +
        `(${os.cpus().length} CPUs, ${os.cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}.`,
    );
  } finally {
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
