// The integrity check names its solved copies and bundles by a work slot, the same from run to
// run so that Jest's transform cache serves the next run; two checks at once must never share.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { claimWorkSlot } from '../src/work-slot';
import { REPO_ROOT } from './fixture';

const root = path.join(REPO_ROOT, '.course', 'work', `work-slot-fixture-${process.pid}`);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('work slots', () => {
  it('are the same name from one check to the next', () => {
    const first = claimWorkSlot(root, 'a');
    first.release();
    const next = claimWorkSlot(root, 'a');
    expect(next.id).toBe(first.id);
    next.release();
  });

  it('are never shared by two checks running at once', () => {
    const one = claimWorkSlot(root, 'b');
    const two = claimWorkSlot(root, 'b');
    expect(two.id).not.toBe(one.id);
    one.release();
    two.release();
  });

  it('are taken over from a check that was killed without freeing its slot', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.mkdirSync(path.join(root, '.course', 'work'), { recursive: true });
    fs.writeFileSync(path.join(root, '.course', 'work', 'c-s1.pid'), String(gone));
    const slot = claimWorkSlot(root, 'c');
    expect(slot.id).toBe('s1');
    expect(fs.readFileSync(path.join(root, '.course', 'work', 'c-s1.pid'), 'utf8')).toBe(
      String(process.pid),
    );
    slot.release();
  });

  it('skip a lock another check has just created and not yet written, but not an old one', () => {
    const work = path.join(root, '.course', 'work');
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'd-s1.pid'), '');
    const skipped = claimWorkSlot(root, 'd');
    expect(skipped.id).toBe('s2');
    skipped.release();

    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(work, 'd-s1.pid'), old, old);
    const taken = claimWorkSlot(root, 'd');
    expect(taken.id).toBe('s1');
    taken.release();
  });
});
