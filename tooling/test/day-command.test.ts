// `npm run day:N -- --port <port>`, run as a learner runs it: a separate process that starts
// the day's server in watch mode, answers on the port asked for, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { makeFixture, REPO_ROOT, removeFixture } from './fixture';

const cli = path.join(REPO_ROOT, 'tooling', 'src', 'cli.ts');
const tsxLoader = pathToFileURL(
  path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs'),
).href;

jest.setTimeout(60_000);

describe('the day command', () => {
  let root: string;
  beforeAll(() => {
    root = makeFixture('day');
  });
  afterAll(() => removeFixture(root));

  // POSIX signals and process groups: on Windows a learner stops the day with Ctrl+C instead.
  const posixIt = process.platform === 'win32' ? it.skip : it;

  posixIt('day N --port runs the day on that port, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    // Its own process group, so whatever it started can be stopped if the test fails.
    const child = spawn(
      process.execPath,
      ['--import', tsxLoader, cli, 'day', '1', '--port', String(port)],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, detached: true, stdio: 'pipe' },
    );
    let output = '';
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line:\n${output}`)), 30_000);
        const onData = (c: Buffer): void => {
          output += c.toString();
          if (output.includes(`listening on http://127.0.0.1:${port}`)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
      });
      expect(output).toMatch(new RegExp(`API:\\s+http://127\\.0\\.0\\.1:${port}`));
      expect(await getStatus(`http://127.0.0.1:${port}/health`)).toBe(200);

      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const hung = new Promise<'hung'>((r) => {
        timer = setTimeout(() => r('hung'), 10_000);
      });
      const code = await Promise.race([exited, hung]);
      clearTimeout(timer);
      expect(code).toBe(0);
      await expect(getStatus(`http://127.0.0.1:${port}/health`)).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid, 'SIGKILL');
      }
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on('error', reject);
  });
}
