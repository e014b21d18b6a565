// The starter manifest (tooling/starters.json) records, for every file of every day folder,
// the git blob id of its pristine starter content. `npm run course:sync` writes it; the
// integrity check proves it current; `npm run reset` restores from it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type Course, type Day, dayDir, readyDays } from './course';
import { CourseError } from './errors';
import { listFiles } from './files';
import { gitBlobId } from './fingerprint';
import { fromPosix, STARTERS_FILE } from './paths';

export type StarterManifest = Record<string, Record<string, string>>;

export function computeStarters(root: string, course: Course): StarterManifest {
  const manifest: StarterManifest = {};
  for (const day of readyDays(course)) {
    const dir = dayDir(root, day);
    manifest[day.slug] = Object.fromEntries(
      listFiles(dir).map((rel) => [
        rel,
        gitBlobId(fs.readFileSync(path.join(dir, fromPosix(rel)))),
      ]),
    );
  }
  return manifest;
}

export function readStarters(root: string): StarterManifest {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, STARTERS_FILE), 'utf8')) as StarterManifest;
  } catch {
    return {};
  }
}

export function writeStarters(root: string, manifest: StarterManifest): void {
  fs.writeFileSync(path.join(root, STARTERS_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The pristine content of one starter file, read from the clone's git objects. */
export function starterContent(root: string, day: Day, rel: string, blob: string): Buffer {
  const git = spawnSync('git', ['cat-file', 'blob', blob], { cwd: root, maxBuffer: 64 << 20 });
  if (git.error || git.status !== 0) {
    throw new CourseError(
      `cannot find the starter of days/${day.slug}/${rel} in git history: reset needs a git clone of the course, not a downloaded archive`,
    );
  }
  return git.stdout;
}
