// Runs an npm script the way a learner types it, on Windows, macOS and Linux alike, for the CI
// probes next to this file. Plain JavaScript: it runs before and without the TypeScript toolchain.
import { spawn } from 'node:child_process';

/**
 * Starts `npm <args>` in the repository. npm is a .cmd file on Windows, which Node only runs
 * through a shell; elsewhere the process gets its own process group, so stop() reaches the
 * whole tree (npm, the course command, the watcher, the server).
 */
export function npm(args, { cwd, env = {} } = {}) {
  const windows = process.platform === 'win32';
  const child = spawn('npm', args, {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...env },
    shell: windows,
    detached: !windows,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const onData = (chunk) => {
    output += chunk.toString();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    if (windows) {
      spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    } else {
      process.kill(-child.pid, 'SIGTERM');
    }
    return exited;
  };
  return { child, output: () => output, exited, stop };
}
