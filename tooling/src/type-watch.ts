// `tsc --watch` on one day, kept running by `check --watch`. tsc keeps the day's program in
// memory and, after a save, checks again only what the save touched (day 9: 0.15 to 0.35 s,
// where a fresh `tsc` takes 0.5 to 1.1 s of wall time and the CPU Jest needs beside it).
//
// The hard part is knowing which of tsc's checks saw the files as the run sees them: an editor
// may save in two writes (truncate, then write), and tsc can start a check between them. So
// each run writes a probe, a file of the watched program with one deliberate error naming the
// run (`probe_7`). tsc sees changes in the order they happen, so the check that reports
// `probe_7` read every file as it was when run 7 began. The probe's error is left out of the
// result. The probe and the configuration that adds it live in .course/work.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'jsonc-parser';
import { writeFile } from './files';
import { scratchDir, toPosix } from './paths';
import { besideJest, parseTscOutput, type TypeCheckResult, tscPath } from './typecheck';

// tsc's watch-mode status lines (TypeScript 7, English), after a locale-dependent time.
// tooling/test/type-watch.test.ts runs the real tsc, so a change of wording fails there.
const CYCLE_START =
  / - (?:Starting compilation in watch mode|File change detected\. Starting incremental compilation)\.\.\.\s*$/;
const CYCLE_END = / - Found (\d+) errors?\. Watching for file changes\.\s*$/;
const PROBE = /Cannot find name 'probe_(\d+)'/;

interface Waiter {
  readonly probe: number;
  readonly resolve: (result: TypeCheckResult | undefined) => void;
}

export class TypeWatch {
  private readonly child: ChildProcess;
  private probe = 0;
  private partial = '';
  private cycle = '';
  private exited = false;
  private stopped = false;
  private waiters: Waiter[] = [];

  private constructor(
    private readonly root: string,
    private readonly dir: string,
  ) {
    this.writeProbe();
    this.child = spawn(
      process.execPath,
      [
        tscPath(root),
        '-p',
        path.join(dir, 'tsconfig.json'),
        '--pretty',
        'false',
        '--watch',
        ...besideJest(),
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.child.stdout?.on('data', (chunk: Buffer) => this.read(chunk.toString()));
    const ended = (): void => {
      this.exited = true;
      for (const w of this.waiters.splice(0)) w.resolve(undefined);
    };
    this.child.on('error', ended);
    this.child.on('exit', ended);
  }

  /**
   * Starts tsc --watch on the project of `tsconfig` (a day's), or returns undefined when that
   * file does not list its files in `include` or `files` (the caller then runs tsc afresh).
   */
  static start(root: string, tsconfig: string, name: string): TypeWatch | undefined {
    let config: { include?: unknown; files?: unknown; exclude?: unknown };
    try {
      config = parse(fs.readFileSync(tsconfig, 'utf8')) ?? {};
    } catch {
      return undefined;
    }
    const list = (value: unknown): string[] | undefined =>
      Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
    const include = list(config.include);
    const files = list(config.files);
    if (include === undefined && files === undefined) return undefined;
    const dir = scratchDir(root, 'work', `type-watch-${name}-${process.pid}`);
    // Paths in an extending configuration are its own: the day's are made absolute.
    const from = (p: string): string => toPosix(path.resolve(path.dirname(tsconfig), p));
    const exclude = list(config.exclude);
    const mirror = {
      extends: toPosix(tsconfig),
      include: [...(include ?? []).map(from), toPosix(path.join(dir, 'probe.ts'))],
      ...(files === undefined ? {} : { files: files.map(from) }),
      ...(exclude === undefined ? {} : { exclude: exclude.map(from) }),
    };
    writeFile(path.join(dir, 'tsconfig.json'), `${JSON.stringify(mirror, null, 2)}\n`);
    return new TypeWatch(root, dir);
  }

  /**
   * The type check of the day as it is now: the result of the first check tsc runs after this
   * call. Undefined when tsc does not report one within `within` ms, or has stopped.
   */
  check(within = 5000): Promise<TypeCheckResult | undefined> {
    if (this.exited || this.stopped) return Promise.resolve(undefined);
    this.probe += 1;
    this.writeProbe();
    return new Promise((resolve) => {
      const waiter: Waiter = {
        probe: this.probe,
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(undefined);
      }, within);
      this.waiters.push(waiter);
    });
  }

  /** Stops tsc and removes the probe and its configuration. */
  stop(): void {
    this.stopped = true;
    if (!this.exited) this.child.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The probe as tsc names it in errors: relative to the repository, forward slashes. */
  private probeFile(): string {
    return toPosix(path.relative(this.root, path.join(this.dir, 'probe.ts')));
  }

  private writeProbe(): void {
    writeFile(path.join(this.dir, 'probe.ts'), `export {};\nprobe_${this.probe};\n`);
  }

  private read(text: string): void {
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (CYCLE_START.test(line)) {
        this.cycle = '';
        continue;
      }
      const end = CYCLE_END.exec(line);
      if (end === null) {
        this.cycle += `${line}\n`;
        continue;
      }
      const seen = Number(PROBE.exec(this.cycle)?.[1] ?? -1);
      const all = parseTscOutput(this.root, this.root, this.cycle);
      const probeFile = this.probeFile();
      const errors = all.filter((e) => e.file !== probeFile);
      const probeErrors = all.length - errors.length;
      const output = this.cycle
        .split('\n')
        .filter((l) => !l.startsWith(probeFile))
        .join('\n');
      const result: TypeCheckResult = {
        ok: Number(end[1]) - probeErrors === 0,
        errors,
        output,
      };
      const ready = this.waiters.filter((w) => w.probe <= seen);
      this.waiters = this.waiters.filter((w) => w.probe > seen);
      for (const w of ready) w.resolve(result);
    }
  }
}
