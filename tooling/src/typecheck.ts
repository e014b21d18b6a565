// Type checking with the project's own TypeScript (tsc, strict, the day's tsconfig.json).
// Jest runs tests through swc, which strips types without checking them, so without this a
// learner's exercise could count as done while their code does not compile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Day, dayDir } from './course';
import { relativePosix } from './files';
import { scratchDir } from './paths';
import { runProcess } from './run-process';

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

/**
 * tsc's flags for a check that runs beside Jest (`check`, `check --watch`). Jest takes up to
 * two cores; where fewer than two are left, tsc's own threads only compete with it for them,
 * and tsc on one thread needs about a fifth less CPU (the README's "Measured" table).
 */
export function besideJest(cores = os.availableParallelism()): string[] {
  return cores - 2 < 2 ? ['--singleThreaded'] : [];
}

export function tscPath(root: string): string {
  const pkg = require.resolve('typescript/package.json', { paths: [root] });
  return path.join(path.dirname(pkg), 'bin', 'tsc');
}

/**
 * Runs `tsc -p <tsconfig> --noEmit` in a child process. With `buildInfo`, incrementally: tsc
 * keeps what it learnt in that file and, on the next run, checks again only the files that
 * changed and those that depend on them (day 9: 0.8 s the first time, 0.4 s with nothing
 * changed), which leaves the CPU to Jest running beside it in `check`.
 */
export async function typecheck(
  root: string,
  tsconfig: string,
  buildInfo?: string,
  flags: readonly string[] = [],
): Promise<TypeCheckResult> {
  const incremental =
    buildInfo === undefined ? [] : ['--incremental', '--tsBuildInfoFile', buildInfo];
  const { code, output } = await runProcess(
    process.execPath,
    [tscPath(root), '-p', tsconfig, '--pretty', 'false', '--noEmit', ...incremental, ...flags],
    root,
  );
  return { ok: code === 0, errors: parseTscOutput(root, root, output), output };
}

export interface Project {
  readonly name: string;
  /** Absolute path of the project's tsconfig.json. */
  readonly config: string;
}

const BUILDING = /Building project '(.+?)'\.\.\./;

/**
 * Type-checks several projects in one `tsc --build` process, one result per project. One
 * process parses the standard library and @types/node once instead of once per project: on
 * the 2-core machine, tooling, nine days and final/ take 2.9 s this way and 6.4 s as eleven
 * `tsc -p` processes two at a time.
 *
 * A build writes a .tsbuildinfo next to each tsconfig.json and skips a project it finds up to
 * date. So each project is built through a config in a scratch folder inside the repository
 * (where node_modules/@types still resolves) that extends it and only moves that file there,
 * and `--force` rebuilds every one. `--verbose` names each project before its errors, which is
 * how an error is given to its project.
 */
export async function typecheckProjects(
  root: string,
  projects: readonly Project[],
): Promise<TypeCheckResult[]> {
  if (projects.length === 0) return [];
  const scratch = path.join(root, '.course', 'work', `typecheck-${process.pid}`);
  fs.mkdirSync(scratch, { recursive: true });
  try {
    const configs = projects.map((p, i) => {
      const config = path.join(scratch, `project-${i + 1}.json`);
      const tsBuildInfoFile = path.join(scratch, `project-${i + 1}.tsbuildinfo`);
      fs.writeFileSync(
        config,
        JSON.stringify({ extends: p.config, compilerOptions: { tsBuildInfoFile } }),
      );
      return config;
    });
    const { code, output } = await runProcess(
      process.execPath,
      [tscPath(root), '--build', '--force', '--verbose', '--pretty', 'false', ...configs],
      root,
    );
    const own = projects.map(() => [] as string[]);
    let current = -1;
    for (const line of output.split(/\r?\n/)) {
      const building = BUILDING.exec(line);
      if (building) {
        current = configs.indexOf(path.resolve(root, building[1] ?? ''));
        continue;
      }
      // tsc's own progress lines ("10:42:01 AM - Project … is being forcibly rebuilt").
      if (/^\d{1,2}:\d{2}:\d{2}\b.* - /.test(line)) continue;
      if (current !== -1) own[current]?.push(line);
    }
    // A failed build whose errors name no project (a broken tsc, an unreadable config)
    // fails every project, with tsc's whole output.
    const unplaced = code !== 0 && own.every((lines) => lines.join('').trim() === '');
    return projects.map((_, i) => {
      const text = (own[i] ?? []).join('\n').trim();
      const errors = parseTscOutput(root, root, text);
      const ok = text === '' && !unplaced;
      return { ok, errors, output: unplaced ? output : text };
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** A day's snapshot as the learner has it, with the day's own tsconfig.json. */
export function typecheckDay(
  root: string,
  day: Day,
  flags: readonly string[] = [],
): Promise<TypeCheckResult> {
  return typecheck(
    root,
    path.join(dayDir(root, day), 'tsconfig.json'),
    scratchDir(root, 'tsbuildinfo', `${day.slug}.tsbuildinfo`),
    flags,
  );
}

/** `days/01-architecture/src/config/index.ts:12:5 TS2322: Type 'string' is not …` */
export const describeTypeError = (e: TypeErrorAt): string =>
  `${e.file}:${e.line}:${e.column} ${e.code}: ${e.message}`;
