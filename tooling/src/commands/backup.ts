import fs from 'node:fs';
import path from 'node:path';
import { type Day, inDay } from '../course';
import { writeFile } from '../files';
import { fromPosix, scratchDir } from '../paths';

/** Copies the learner's current versions of `files` aside before a command overwrites them. */
export function backupFiles(root: string, day: Day, files: readonly string[]): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = scratchDir(root, 'backups', day.slug, stamp);
  for (const rel of files) {
    const src = inDay(root, day, rel);
    if (fs.existsSync(src)) writeFile(path.join(dir, fromPosix(rel)), fs.readFileSync(src));
  }
  return dir;
}
