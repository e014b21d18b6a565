// Where things live. Every path is built with node:path so the tooling behaves the same on
// Windows, macOS and Linux; paths shown to people and stored in the index use forward slashes.
import fs from 'node:fs';
import path from 'node:path';
import { CourseError } from './errors';

export const INDEX_FILE = path.join('tooling', 'course.json');
export const STARTERS_FILE = path.join('tooling', 'starters.json');

/** Walks up from `start` to the folder that holds the course index. */
export function findRepoRoot(start: string = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, INDEX_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new CourseError(
        'not inside the course repository (no tooling/course.json above this folder): cd into your clone first',
      );
    }
    dir = parent;
  }
}

/** Scratch space for learner state and temporary copies; ignored by git. */
export function scratchDir(root: string, ...parts: string[]): string {
  return path.join(root, '.course', ...parts);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function fromPosix(p: string): string {
  return p.split('/').join(path.sep);
}
