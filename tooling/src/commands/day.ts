// `npm run day:N [-- --port <port>] [--host <address>]`: run a day's API with tsx in watch
// mode (restart on save). The flags reach the server as PORT and HOST in its environment, so
// no shell syntax is needed: the same command works in bash, PowerShell and cmd.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { type ParsedArgs, UsageError } from '../args';
import { type Course, dayDir, resolveDay } from '../course';
import { CourseError } from '../errors';
import { relativePosix } from '../files';
import { color } from '../output';

/** `--port` as the server's config reads PORT: decimal digits only, 0 to 65535. */
export function parsePortOption(raw: string): string {
  if (!/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535 (got "${raw}")`);
  }
  return String(Number(raw));
}

export function parseHostOption(raw: string): string {
  if (raw.trim() === '' || /\s/.test(raw)) {
    throw new UsageError(`--host must be an address or host name such as 127.0.0.1 (got "${raw}")`);
  }
  return raw;
}

/** The variables the day's server gets on top of the environment: only what a flag set, so
 * a PORT from the environment or the day's .env file still applies when there is no flag. */
export function serverEnv(args: ParsedArgs): Record<string, string> {
  const env: Record<string, string> = {};
  const { port, host } = args.options;
  if (typeof port === 'string') env.PORT = parsePortOption(port);
  if (typeof host === 'string') env.HOST = parseHostOption(host);
  return env;
}

/** Where the server will listen, for the banner: flag, environment, the day's .env, default. */
function announcedAddress(
  dir: string,
  overrides: Record<string, string>,
): { host: string; port: string } {
  const envFile = path.join(dir, '.env');
  let fromFile: Record<string, string | undefined> = {};
  try {
    if (fs.existsSync(envFile)) fromFile = parseEnv(fs.readFileSync(envFile, 'utf8'));
  } catch {
    // An unreadable .env is the server's to report; the banner just falls back.
  }
  const pick = (name: 'PORT' | 'HOST', fallback: string): string =>
    overrides[name] || process.env[name] || fromFile[name] || fallback;
  return { host: pick('HOST', '127.0.0.1'), port: pick('PORT', '3000') };
}

export async function dayCommand(root: string, course: Course, args: ParsedArgs): Promise<number> {
  const day = resolveDay(course, args.positionals[0]);
  const overrides = serverEnv(args);
  const dir = dayDir(root, day);
  const entry = path.join(dir, 'src', 'server.ts');
  if (!fs.existsSync(entry)) {
    throw new CourseError(
      `${relativePosix(root, entry)} is missing: run npm run reset -- ${day.day}`,
    );
  }
  const { host, port } = announcedAddress(dir, overrides);
  // 0.0.0.0 listens everywhere but is not an address to browse to.
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url =
    port === '0'
      ? `http://${shown}:<port from the "listening on" line>`
      : `http://${shown}:${port}`;
  console.log(
    [
      '',
      color.bold(`Day ${day.day} — ${day.title}`),
      `  API:        ${color.cyan(url)}  (another port: npm run day:${day.day} -- --port ${port === '4321' ? '4000' : '4321'})`,
      `  Try:        curl ${url}/health`,
      `  Requests:   ${relativePosix(root, path.join(dir, 'requests.http'))}`,
      `  Lesson:     ${relativePosix(root, path.join(dir, 'README.md'))}`,
      `  Exercises:  npm run check -- ${day.day}`,
      '  Restarts when you save a file; Ctrl+C stops it.',
      '',
    ].join('\n'),
  );
  const tsxCli = require.resolve('tsx/cli', { paths: [root] });
  const child = spawn(
    process.execPath,
    [tsxCli, 'watch', '--clear-screen=false', '--include', path.join(dir, 'src'), entry],
    { cwd: root, stdio: 'inherit', env: { ...process.env, ...overrides } },
  );
  // Ctrl+C reaches the child through the terminal; just wait for it to finish.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? 0 : (code ?? 0)));
  });
}
