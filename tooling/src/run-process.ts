// Runs a command to its end and keeps everything it printed (stdout and stderr, interleaved).
import { spawn } from 'node:child_process';

export interface ProcessRun {
  /** The exit code; -1 when the command could not start. */
  readonly code: number | null;
  readonly output: string;
}

export function runProcess(
  cmd: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ProcessRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', (e) => resolve({ code: -1, output: String(e) }));
    child.on('close', (code) => resolve({ code, output }));
  });
}
