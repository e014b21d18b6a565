// Type checking with the project's own TypeScript (tsc, strict, the day's tsconfig.json).
// Jest runs tests through swc, which strips types without checking them, so without this a
// learner's exercise could count as done while their code does not compile.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { type Day, dayDir } from './course';
import { relativePosix } from './files';

export interface TypeErrorAt {
  /** Relative to the repository, forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

export interface TypeCheckResult {
  readonly ok: boolean;
  readonly errors: readonly TypeErrorAt[];
  /** tsc's own output, for a failure that names no file (a broken tsconfig.json). */
  readonly output: string;
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** tsc's `--pretty false` lines, with paths made relative to the repository. */
export function parseTscOutput(root: string, cwd: string, output: string): TypeErrorAt[] {
  const errors: TypeErrorAt[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = LOCATED.exec(line.trim());
    if (!m) continue;
    errors.push({
      file: relativePosix(root, path.resolve(cwd, m[1] ?? '')),
      line: Number(m[2]),
      column: Number(m[3]),
      code: m[4] ?? '',
      message: m[5] ?? '',
    });
  }
  return errors;
}

export function tscPath(root: string): string {
  const pkg = require.resolve('typescript/package.json', { paths: [root] });
  return path.join(path.dirname(pkg), 'bin', 'tsc');
}

/** Runs `tsc -p <tsconfig> --noEmit` in a child process. */
export function typecheck(root: string, tsconfig: string): Promise<TypeCheckResult> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [tscPath(root), '-p', tsconfig, '--pretty', 'false', '--noEmit'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('error', (error) => resolve({ ok: false, errors: [], output: String(error) }));
    child.on('close', (code) =>
      resolve({ ok: code === 0, errors: parseTscOutput(root, root, output), output }),
    );
  });
}

/** A day's snapshot as the learner has it, with the day's own tsconfig.json. */
export function typecheckDay(root: string, day: Day): Promise<TypeCheckResult> {
  return typecheck(root, path.join(dayDir(root, day), 'tsconfig.json'));
}

/** `days/01-architecture/src/config/index.ts:12:5 TS2322: Type 'string' is not …` */
export const describeTypeError = (e: TypeErrorAt): string =>
  `${e.file}:${e.line}:${e.column} ${e.code}: ${e.message}`;
