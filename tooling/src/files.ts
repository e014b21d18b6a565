import fs from 'node:fs';
import path from 'node:path';
import { fromPosix, toPosix } from './paths';

/** Folders and files that are never part of a snapshot's material. A day's `.env` is the
 * learner's own settings (the lessons ask for one; .gitignore keeps it out of git). */
const IGNORED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'data', '.course']);
const IGNORED_FILE = /(^|\/)(package-lock\.json|.*\.db(-wal|-shm)?|\.DS_Store|\.env)$/;

/** Every file below `dir`, as sorted forward-slash paths relative to `dir`. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, fromPosix(rel)), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) walk(child);
      } else if (entry.isFile() && !IGNORED_FILE.test(child)) {
        out.push(child);
      }
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

export function readFiles(dir: string, files: readonly string[]): Map<string, string> {
  return new Map(files.map((f) => [f, fs.readFileSync(path.join(dir, fromPosix(f)), 'utf8')]));
}

export function writeFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

export function copyDir(from: string, to: string): void {
  for (const rel of listFiles(from)) {
    writeFile(path.join(to, fromPosix(rel)), fs.readFileSync(path.join(from, fromPosix(rel))));
  }
}

export function relativePosix(root: string, file: string): string {
  return toPosix(path.relative(root, file));
}
