// A snapshot is the set of files of a day folder, optionally with its solution applied.
// The diff command, the continuity check and the solved copies are all built on this.
import fs from 'node:fs';
import path from 'node:path';
import { type Day, dayDir, SOLUTION_NOTE, solutionDir } from './course';
import { copyDir, listFiles, readFiles, writeFile } from './files';
import { fromPosix, scratchDir } from './paths';

/** Files of a solution overlay, relative to the day folder (the note excluded). */
export function solutionFiles(root: string, day: Day): string[] {
  return listFiles(solutionDir(root, day)).filter((f) => f !== SOLUTION_NOTE);
}

/** Contents of a day's snapshot, with its solution overlaid when `solved`. */
export function snapshot(root: string, day: Day, solved = false): Map<string, string> {
  const dir = dayDir(root, day);
  const files = readFiles(dir, listFiles(dir));
  if (solved) {
    for (const [rel, content] of readFiles(solutionDir(root, day), solutionFiles(root, day))) {
      files.set(rel, content);
    }
  }
  return files;
}

/** Where the production backend lives; the days lead to its `src/`. */
export const finalDir = (root: string): string => path.join(root, 'final');

/**
 * final/'s source as a snapshot: the files of `final/src`, named `src/...` like a day's. Only
 * `src/` is comparable: final/ has its own tests, tooling and deployment files.
 */
export function finalSnapshot(root: string): Map<string, string> {
  const src = path.join(finalDir(root), 'src');
  return new Map(
    [...readFiles(src, listFiles(src))].map(([rel, content]) => [`src/${rel}`, content]),
  );
}

/** Only the files below `src/` of a snapshot (to compare a day with final/). */
export function sourceOnly(files: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...files].filter(([rel]) => rel.startsWith('src/')));
}

export interface SnapshotDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly modified: string[];
}

export function diffSnapshots(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): SnapshotDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const modified: string[] = [];
  for (const [file, content] of after) {
    if (!before.has(file)) added.push(file);
    else if (before.get(file) !== content) modified.push(file);
  }
  for (const file of before.keys()) if (!after.has(file)) removed.push(file);
  return { added: added.sort(), removed: removed.sort(), modified: modified.sort() };
}

/** Where the integrity check builds a day's solved copy: inside the repository, so
 * `node_modules` resolves, and named by the check's work slot (work-slot.ts), so concurrent
 * runs never collide and Jest's transform cache serves the next run. */
export function solvedCopyPath(root: string, day: Day, slot: string): string {
  return scratchDir(root, 'work', `${day.slug}-solved-${slot}`);
}

export function makeSolvedCopy(root: string, day: Day, dir: string): void {
  copyDir(dayDir(root, day), dir);
  for (const rel of solutionFiles(root, day)) {
    writeFile(
      path.join(dir, fromPosix(rel)),
      fs.readFileSync(path.join(solutionDir(root, day), fromPosix(rel))),
    );
  }
  // The day's tsconfig extends the root one by a relative path that no longer holds here.
  writeFile(
    path.join(dir, 'tsconfig.json'),
    `${JSON.stringify(
      { extends: path.join(root, 'tsconfig.json'), include: ['src/**/*.ts', 'test/**/*.ts'] },
      null,
      2,
    )}\n`,
  );
}

/** Parses the "What changed since Day N" list of a lesson: the paths it names. */
export function whatChangedList(lesson: string, previousDay: number): string[] | undefined {
  const lines = lesson.split(/\r?\n/);
  const start = lines.findIndex((l) =>
    new RegExp(`^#{2,3}\\s+What changed since Day ${previousDay}\\b`, 'i').test(l),
  );
  if (start === -1) return undefined;
  const paths: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,3}\s/.test(line)) break;
    const m = /^\s*[-*]\s+`([^`]+)`/.exec(line);
    if (m?.[1]) paths.push(m[1]);
  }
  return paths;
}

/** Files of a snapshot that are documentation about the day, not material the diff tracks. */
export const NOT_MATERIAL = new Set(['README.md']);
