// `readonly` exists only for the compiler; Object.freeze holds at run time, but a write to a
// frozen property throws only in strict mode, and which mode the code runs in is the
// compiler's choice. Shown on the versions this repository pins: @swc/jest 0.2 (@swc/core
// 1.16) under Jest, tsx 4.23 for npm run day:N.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config';

const execFileAsync = promisify(execFile);
const FIXTURE = path.join(__dirname, 'fixtures', 'write-to-frozen-config.ts');
const DAY_FOLDER = path.join(__dirname, '..');

/** The folder with the repository's package.json: where npm run day:N starts tsx. */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

async function runWithTsx(cwd: string): Promise<string> {
  const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', FIXTURE], { cwd });
  return stdout.trim();
}

describe('a write to the frozen Config', () => {
  it('throws a TypeError under Jest, whose swc transform emits "use strict"', () => {
    // Readonly properties are assignable to mutable ones: the compiler lets this through.
    const config: { port: number } = loadConfig({});
    expect(() => {
      config.port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(3000);
  });

  it('under tsx, throws only when the tsconfig.json of the folder tsx runs in includes the file', async () => {
    const [fromRoot, fromDayFolder] = await Promise.all([
      runWithTsx(repositoryRoot(__dirname)),
      runWithTsx(DAY_FOLDER),
    ]);
    expect({ fromRoot, fromDayFolder }).toEqual({
      // The root tsconfig.json includes only tooling/: no strict flag reaches the day's files.
      fromRoot: 'ignored, port still 3000',
      // The day's tsconfig.json includes src/ and test/ and extends "strict": true.
      fromDayFolder: 'threw TypeError, port still 3000',
    });
    // Two Node processes that compile TypeScript: seconds on a busy machine, not milliseconds.
  }, 30_000);
});
