// The name one integrity check gives its solved copies and test bundles. Jest caches each
// transformed file under a key made of its path and content, so folders named after the
// process id made every run transform some 1,500 files again (and grew Jest's cache folder by
// ~37 MB a run). A slot is a name that is the same from run to run: the first one no live
// check holds. Two checks at once from the same checkout take two slots.
import fs from 'node:fs';
import path from 'node:path';
import { scratchDir } from './paths';

export interface WorkSlot {
  /** `s1`, `s2`, …: the suffix of this check's folders in .course/work. */
  readonly id: string;
  /** Frees the slot (the check removes its own folders). */
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** An empty lock is one another check has created and not written yet, unless it is old. */
function justCreated(lock: string): boolean {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs < 10_000;
  } catch {
    return false;
  }
}

export function claimWorkSlot(root: string, name = 'check'): WorkSlot {
  const work = scratchDir(root, 'work');
  fs.mkdirSync(work, { recursive: true });
  for (let n = 1; ; n++) {
    const lock = path.join(work, `${name}-s${n}.pid`);
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lock, 'utf8'));
      if (Number.isInteger(holder) && holder > 0 ? alive(holder) : justCreated(lock)) continue;
      // Left by a check that was killed: take it over, unless another check just did.
      fs.rmSync(lock, { force: true });
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
      } catch {
        continue;
      }
    }
    return { id: `s${n}`, release: () => fs.rmSync(lock, { force: true }) };
  }
}
