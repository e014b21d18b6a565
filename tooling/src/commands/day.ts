// `npm run day:N`: run a day's API with tsx in watch mode (restart on save).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Course, dayDir, resolveDay } from '../course';
import { CourseError } from '../errors';
import { color } from '../output';
import { relativePosix } from '../files';

export async function dayCommand(root: string, course: Course, args: string[]): Promise<number> {
  const day = resolveDay(course, args[0]);
  const dir = dayDir(root, day);
  const entry = path.join(dir, 'src', 'server.ts');
  if (!fs.existsSync(entry)) {
    throw new CourseError(
      `${relativePosix(root, entry)} is missing: run npm run reset -- ${day.day}`,
    );
  }
  const port = process.env.PORT ?? '3000';
  // The snapshots listen on 127.0.0.1 by default; PORT=0 lets the OS pick (see "listening on").
  const url =
    port === '0'
      ? 'http://127.0.0.1:<port from the "listening on" line>'
      : `http://127.0.0.1:${port}`;
  console.log(
    [
      '',
      color.bold(`Day ${day.day} — ${day.title}`),
      `  API:        ${color.cyan(url)}  (set PORT to change it)`,
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
    { cwd: root, stdio: 'inherit', env: { ...process.env, PORT: port } },
  );
  // Ctrl+C reaches the child through the terminal; just wait for it to finish.
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(signal ? 0 : (code ?? 0)));
  });
}
