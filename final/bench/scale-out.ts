// `npm run bench -- --postgres <url>`: final/ on a PostgreSQL server, three ways in one table:
// one instance reached directly, one instance behind the shipped nginx config, and two
// instances behind it. The same rows as the main table's final/ rows (health, the products
// list hit and miss, a post written), interleaved round by round like the main table, medians
// reported. The bench makes a scratch database on the server and drops it at the end.
//
// What the CPU column means here: the CPU time of every process that serves the request (the
// instances and nginx, summed), per request. PostgreSQL's own CPU is not in it: the server is
// not a child of this process, and on a shared host its other clients would be counted too.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createScratchDatabase } from '../test/helpers/postgres-server';
import { NGINX_CANDIDATES, type RunningNginx, startNginx } from '../test/ops/nginx-fixture';
import { findBinary, freePort } from '../test/ops/process-helpers';
import {
  buildFinal,
  CONNECTIONS,
  cannon,
  finalRequests,
  DURATION_S,
  FIRST_WARM_UP_S,
  fixed,
  json,
  median,
  NODE_FLAGS,
  pinning,
  ROUNDS,
  type Sample,
  type Server,
  serverJs,
  spawnServer,
  table,
  WARM_UP_S,
} from './harness';

const ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };

/** A failure the user can act on: printed as one line, without a stack. */
export class BenchSetupError extends Error {}

interface Setup {
  readonly name: string;
  /** Where requests go: an instance, or nginx in front of instances. */
  readonly base: string;
  /** The processes whose CPU time serves this setup's requests. */
  readonly processes: readonly { readonly child: Server['child'] }[];
  readonly samples: Map<string, Sample[]>;
}

function findNginx(): string {
  const found = findBinary(NGINX_CANDIDATES);
  if (found === undefined) {
    throw new BenchSetupError('nginx not found: install it (Debian: apt-get install -y nginx)');
  }
  return found;
}

async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new BenchSetupError(
      `--postgres: "${serverUrl}" is not a URL (postgres://user@host:5432/db)`,
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new BenchSetupError(`--postgres: "${url.protocol}" is not postgres:`);
  }
  try {
    return await createScratchDatabase(serverUrl);
  } catch (error) {
    throw new BenchSetupError(
      `--postgres: could not create a scratch database on ${url.host}: ${(error as Error).message}`,
    );
  }
}

/** nginx's master and workers on the servers' CPUs, like the instances. */
function pinNginx(nginx: RunningNginx): void {
  if (pinning === undefined || nginx.child.pid === undefined) return;
  try {
    const workers = execFileSync('pgrep', ['-P', String(nginx.child.pid)])
      .toString()
      .split(/\s+/);
    for (const pid of [String(nginx.child.pid), ...workers].filter(Boolean)) {
      execFileSync('taskset', ['-a', '-p', '-c', pinning.servers, pid], { stdio: 'ignore' });
    }
  } catch {
    // Not pinned: the note under the table says what was.
  }
}

export async function scaleOutBench(serverUrl: string): Promise<void> {
  const nginxBin = findNginx();
  const database = await scratchDatabase(serverUrl);
  buildFinal();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'final-bench-pg-'));
  // nginx workers run as an unprivileged user when the bench runs as root.
  fs.chmodSync(dir, 0o755);
  const servers: Server[] = [];
  const proxies: RunningNginx[] = [];
  const started = Date.now();
  try {
    const instance = async (name: string): Promise<Server> => {
      const port = await freePort();
      const server = await spawnServer(
        [...NODE_FLAGS, serverJs],
        {
          PATH: process.env.PATH,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_URL: database.url,
          JWT_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
          ADMIN_EMAIL: ADMIN.email,
          ADMIN_PASSWORD: ADMIN.password,
          TRUST_PROXY: '1',
          // Production defaults everywhere else; the per-client limits must not turn a load
          // test into a stream of 429s (they are still counted, in PostgreSQL, per request).
          RATE_LIMIT_MAX: '1000000000',
          LOGIN_RATE_LIMIT_MAX: '1000000000',
          SHUTDOWN_READINESS_DELAY_MS: '0',
        },
        path.join(dir, `${name}.log`),
      );
      servers.push(server);
      return server;
    };
    const a = await instance('a');
    const b = await instance('b');
    const proxy = async (name: string, upstreams: Server[]): Promise<RunningNginx> => {
      const prefix = path.join(dir, name);
      fs.mkdirSync(prefix, { mode: 0o755 });
      const running = await startNginx(
        nginxBin,
        upstreams.map((server) => Number(new URL(server.url).port)),
        prefix,
      );
      proxies.push(running);
      pinNginx(running);
      return running;
    };
    const one = await proxy('nginx-1', [a]);
    const two = await proxy('nginx-2', [a, b]);

    const login = await json<{ accessToken: string }>(`${one.base}/api/v1/auth/login`, {
      method: 'POST',
      body: ADMIN,
    });
    const token = login.accessToken;
    for (let i = 1; i <= 20; i++) {
      await json(`${one.base}/api/v1/products`, {
        method: 'POST',
        token,
        body: {
          name: `Bench product ${i}`,
          description: `Seeded product ${i}`,
          priceCents: 100 * i,
        },
      });
    }
    const auth = { authorization: `Bearer ${token}` };

    const setups: Setup[] = [
      { name: '1 instance, direct', base: a.url, processes: [a], samples: new Map() },
      {
        name: '1 instance behind nginx',
        base: one.base,
        processes: [a, one],
        samples: new Map(),
      },
      {
        name: '2 instances behind nginx',
        base: two.base,
        processes: [a, b, two],
        samples: new Map(),
      },
    ];
    const rows = (
      name: string,
      request: keyof ReturnType<typeof finalRequests>,
    ): { name: string; run(setup: Setup, warmUpS: number): Promise<Sample> } => ({
      name,
      run: (setup, w) => cannon(finalRequests(setup.base, auth)[request], w, setup.processes),
    });
    const scenarios = [
      rows('`GET /health`', 'health'),
      rows('`GET /api/v1/products` (20 rows, token), cache hit', 'listHit'),
      rows('`GET /api/v1/products` (20 rows, token), cache miss', 'listMiss'),
      rows('`POST /api/v1/posts` (token)', 'post'),
    ];

    console.error(
      `measuring on PostgreSQL: ${ROUNDS} interleaved rounds of ${scenarios.length} rows x ${setups.length} setups, ` +
        `${DURATION_S} s per run, ${CONNECTIONS} connections` +
        (pinning
          ? `, load generator on CPU ${pinning.generator}, instances and nginx on CPU ${pinning.servers}`
          : ', no CPU pinning'),
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const warmUp = round === 1 ? FIRST_WARM_UP_S : WARM_UP_S;
      for (const scenario of scenarios) {
        for (const setup of setups) {
          const sample = await scenario.run(setup, warmUp);
          const samples = setup.samples.get(scenario.name) ?? [];
          samples.push(sample);
          setup.samples.set(scenario.name, samples);
          console.error(
            `  round ${round}/${ROUNDS}  ${scenario.name}, ${setup.name}: ${Math.round(sample.rps)} req/s, p99 ${sample.p99} ms` +
              (sample.non2xx || sample.errors
                ? ` (${sample.non2xx} non-2xx, ${sample.errors} errors)`
                : ''),
          );
        }
      }
    }

    const version = await serverVersion(database.url);
    const header = [
      'Scenario',
      'Setup',
      'req/s',
      'p50 ms',
      'p99 ms',
      'CPU µs/req',
      'x 1 behind nginx (req/s)',
    ];
    const lines: string[][] = [];
    for (const scenario of scenarios) {
      const reference = median(
        (setups[1]?.samples.get(scenario.name) ?? []).map((sample) => sample.rps),
      );
      for (const setup of setups) {
        const samples = setup.samples.get(scenario.name) ?? [];
        const rps = median(samples.map((s) => s.rps));
        const cpu = samples.map((s) => s.cpuUs).filter((v): v is number => v !== undefined);
        const failures = samples.reduce((sum, s) => sum + s.non2xx + s.errors, 0);
        lines.push([
          setup === setups[0] ? scenario.name : '',
          setup.name + (failures > 0 ? ` (!${failures} failed)` : ''),
          Math.round(rps).toLocaleString('en-US'),
          String(median(samples.map((s) => s.p50))),
          String(median(samples.map((s) => s.p99))),
          cpu.length > 0 ? String(Math.round(median(cpu))) : '-',
          fixed(rps / reference),
        ]);
      }
    }
    console.log(table(header, lines, (i) => i <= 1));
    const cpus = os.cpus();
    console.log(
      `\nPostgreSQL ${version} at ${new URL(serverUrl).host} (a scratch database, dropped afterwards). ` +
        `Medians of ${ROUNDS} interleaved rounds, ${DURATION_S} s per run after ${FIRST_WARM_UP_S} s ` +
        `(first round) or ${WARM_UP_S} s of warm-up, ${CONNECTIONS} connections. "CPU µs/req": the ` +
        `instances' and nginx's CPU time per request, summed; PostgreSQL's is not included. ` +
        (pinning
          ? `autocannon pinned to CPU ${pinning.generator}; the instances and nginx to CPU ${pinning.servers}; PostgreSQL not pinned. `
          : 'No CPU pinning. ') +
        `Instances run node ${NODE_FLAGS.join(' ') || 'without flags'} (as npm start). ` +
        `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ` +
        `${Math.round((Date.now() - started) / 1000)} s in all.`,
    );
  } finally {
    for (const running of proxies) await running.stop();
    for (const server of servers) await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    await database.drop().catch((error: unknown) => {
      console.error(`could not drop the scratch database: ${(error as Error).message}`);
    });
  }
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ server_version: string }>('SHOW server_version');
    return result.rows[0]?.server_version ?? 'unknown';
  } finally {
    await client.end();
  }
}
