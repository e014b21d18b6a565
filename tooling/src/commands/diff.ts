// `npm run diff -- A B [--solved]`: what changes from one snapshot to another, for instructors.
// With --solved, day A is taken with its solution applied: the diff is then exactly day B's
// new material.
import type { ParsedArgs } from '../args';
import { type Course, resolveDay } from '../course';
import { color } from '../output';
import { diffSnapshots, snapshot } from '../snapshots';
import { countChanges, unifiedDiff } from '../udiff';

export function diffCommand(root: string, course: Course, args: ParsedArgs): number {
  const [a, b] = args.positionals;
  const solved = args.options.solved === true;
  const from = resolveDay(course, a);
  const to = resolveDay(course, b);
  const before = snapshot(root, from, solved);
  const after = snapshot(root, to);
  const { added, removed, modified } = diffSnapshots(before, after);
  const label = (d: typeof from, s: boolean): string => `days/${d.slug}${s ? ' (solved)' : ''}`;

  console.log(color.bold(`\n${label(from, solved)} → ${label(to, false)}\n`));
  const rows: string[] = [];
  for (const f of added)
    rows.push(`  ${color.green('A')} ${f}  +${countChanges('', after.get(f)!).added}`);
  for (const f of modified) {
    const c = countChanges(before.get(f)!, after.get(f)!);
    rows.push(`  ${color.yellow('M')} ${f}  +${c.added} -${c.removed}`);
  }
  for (const f of removed)
    rows.push(`  ${color.red('D')} ${f}  -${countChanges(before.get(f)!, '').removed}`);
  console.log(rows.length > 0 ? rows.join('\n') : '  (no differences)');
  console.log(`\n${added.length} added, ${modified.length} modified, ${removed.length} removed\n`);

  for (const f of [...added, ...modified, ...removed].sort()) {
    console.log(unifiedDiff(`a/${f}`, `b/${f}`, before.get(f), after.get(f)));
  }
  return 0;
}
