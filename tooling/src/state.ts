// Learner state (hints revealed, cached progress) lives in .course/state.json, ignored by git,
// so a `git pull` of course updates never conflicts with it.
import fs from 'node:fs';
import { writeFile } from './files';
import { scratchDir } from './paths';

export interface CachedDay {
  /** Fingerprint of every file of the day folder when the exercises were last run. */
  readonly fingerprint: string;
  readonly done: Readonly<Record<string, boolean>>;
}

export interface LearnerState {
  hintsShown: Record<string, number>;
  progress: Record<string, CachedDay>;
}

const file = (root: string): string => scratchDir(root, 'state.json');

export function readState(root: string): LearnerState {
  try {
    const raw = JSON.parse(fs.readFileSync(file(root), 'utf8')) as Partial<LearnerState>;
    return { hintsShown: raw.hintsShown ?? {}, progress: raw.progress ?? {} };
  } catch {
    return { hintsShown: {}, progress: {} };
  }
}

export function writeState(root: string, state: LearnerState): void {
  // Write then rename: an interrupted write never leaves half a JSON file behind.
  const target = file(root);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, target);
}
