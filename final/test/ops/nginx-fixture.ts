// The real (Debian) nginx running the SHIPPED final/nginx/nginx.conf in front of app instances
// on loopback, for the process-level tests and for `npm run bench`. Only the addresses are
// rewritten: the upstream servers point at the instances, the listener at a free loopback
// port, temp files and the access log go to a folder of the caller's. Every location, header,
// timeout and retry rule is the shipped one.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request } from './http-client';
import { freePort } from './process-helpers';

export const SHIPPED_NGINX_CONF = path.resolve(__dirname, '..', '..', 'nginx', 'nginx.conf');

/** Where Debian and the usual builds install the nginx binary. */
export const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** The shipped config with only its addresses and file locations changed. */
export function nginxConfForTest(
  shipped: string,
  upstreamPorts: readonly number[],
  listenPort: number,
  prefix: string,
): string {
  let conf = shipped;
  const replace = (
    pattern: RegExp,
    replacement: (...groups: string[]) => string,
    what: string,
  ): void => {
    if (!pattern.test(conf)) throw new Error(`shipped nginx.conf no longer has ${what}`);
    conf = conf.replace(pattern, replacement as (substring: string, ...args: string[]) => string);
  };
  replace(
    /^(\s*)server\s+app:3000([^;]*);/m,
    (_match, indent, params) =>
      upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port}${params};`).join('\n'),
    'the "server app:3000" upstream line',
  );
  replace(
    /^(\s*)listen\s+8080;/m,
    (_match, indent) => `${indent}listen 127.0.0.1:${listenPort};`,
    '"listen 8080;"',
  );
  // One worker: round-robin state is per worker, and the tests count on strict alternation
  // between the instances.
  replace(/^worker_processes\s+\S+;/m, () => 'worker_processes 1;', 'worker_processes');
  // A spawned process's stdout is a socket nginx cannot open(); the tests read a file instead.
  replace(
    /^(\s*)access_log\s+\/dev\/stdout\s+json_combined;/m,
    (_match, indent) => `${indent}access_log ${path.join(prefix, 'access.log')} json_combined;`,
    'the JSON access log',
  );
  replace(
    /^http \{$/m,
    () =>
      [
        'http {',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(
          (kind) => `  ${kind}_temp_path ${path.join(prefix, `${kind}_temp`)};`,
        ),
      ].join('\n'),
    'an http block',
  );
  return conf;
}

/** One line of the shipped JSON access log (the fields the tests read). */
export interface NginxLogLine {
  requestId: string;
  remoteAddr: string;
  method: string;
  uri: string;
  status: number;
  upstream: string;
  upstreamStatus: string;
}

export interface RunningNginx {
  readonly base: string;
  readonly confPath: string;
  readonly child: ChildProcess;
  /** Everything nginx wrote to stdout and stderr so far. */
  output(): string;
  accessLog(): NginxLogLine[];
  /**
   * Rewrites the upstream with the instances on `downPorts` marked `down` and reloads nginx,
   * as an operator takes an instance out of rotation before stopping it. Resolves once the
   * reloaded worker runs: no new connection goes to those instances from then on, while the
   * old worker finishes the requests it had in hand (the instance's drain serves them).
   */
  setDown(downPorts: readonly number[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts nginx (binary `nginxBin`) with the shipped config rewritten for `upstreamPorts`, its
 * files in `dir` (which must be readable by nginx's unprivileged workers), and resolves once
 * it answers /health through an instance.
 */
export async function startNginx(
  nginxBin: string,
  upstreamPorts: readonly number[],
  dir: string,
  timeoutMs = 20_000,
): Promise<RunningNginx> {
  const listenPort = await freePort();
  const conf = nginxConfForTest(
    fs.readFileSync(SHIPPED_NGINX_CONF, 'utf8'),
    upstreamPorts,
    listenPort,
    dir,
  );
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confPath, conf);
  const child = spawn(
    nginxBin,
    [
      '-e',
      'stderr',
      '-p',
      `${dir}/`,
      '-c',
      confPath,
      '-g',
      `daemon off; pid ${path.join(dir, 'nginx.pid')};`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let out = '';
  const collect = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const base = `http://127.0.0.1:${listenPort}`;
  /** The worker processes nginx's master runs right now (Linux's /proc). */
  const workers = (): string[] => {
    const pid = child.pid ?? 0;
    const file = `/proc/${pid}/task/${pid}/children`;
    return fs.existsSync(file)
      ? fs.readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean)
      : [];
  };
  const running: RunningNginx = {
    base,
    confPath,
    child,
    output: () => out,
    accessLog: () => {
      const file = path.join(dir, 'access.log');
      if (!fs.existsSync(file)) return [];
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as NginxLogLine);
    },
    setDown: async (downPorts) => {
      const before = new Set(workers());
      const down = new Set(downPorts);
      const lines = conf.replace(
        /^(\s*)server 127\.0\.0\.1:(\d+)([^;]*);/gm,
        (line, indent, port, params) =>
          down.has(Number(port)) ? `${indent}server 127.0.0.1:${port}${params} down;` : line,
      );
      fs.writeFileSync(confPath, lines);
      child.kill('SIGHUP');
      const deadline = Date.now() + timeoutMs;
      // Without Linux's /proc (macOS) the workers cannot be listed: nginx reloads in well
      // under a second here, so the wait is a fixed one.
      if (!fs.existsSync('/proc/self')) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return;
      }
      // Reloaded: a worker that did not run before runs now.
      for (;;) {
        if (workers().some((pid) => !before.has(pid))) return;
        if (Date.now() > deadline) throw new Error(`nginx did not reload in time:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited:\n${out}`);
    if (await nginxAnswers(base)) return running;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`nginx did not listen on ${base} within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Whether nginx itself answers on `base` (its `Server` header; the apps send none). A bare TCP
 * connect is not proof: while nothing listens on a port of the ephemeral range, the kernel can
 * give the probe that same port as its source, and the socket connects to itself. The probe
 * asks for /metrics, which the shipped config answers without an instance, so it takes no
 * turn of the round robin and no request from any instance's rate limit.
 */
async function nginxAnswers(base: string): Promise<boolean> {
  try {
    return (await request(`${base}/metrics`)).headers.server === 'nginx';
  } catch {
    return false;
  }
}
