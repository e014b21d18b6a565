// `npm run diff -- A B [--solved]`: what changes from one snapshot to another, for instructors.
// With --solved, day A is taken with its solution applied: the diff is then exactly day B's
// new material. Either side may be `final` (final/src, compared with the day's src/ only), so
// `npm run diff -- 5 final --solved` shows what days 6-14 still have to bring.
import type { ParsedArgs } from '../args';
import { type Course, type Day, resolveDay } from '../course';
import { CourseError } from '../errors';
import { color } from '../output';
import { diffSnapshots, finalSnapshot, snapshot, sourceOnly } from '../snapshots';
import { countChanges, unifiedDiff } from '../udiff';

/** The word that names final/ as a side of the diff. */
export const FINAL = 'final';

type Side = { readonly kind: 'day'; readonly day: Day } | { readonly kind: 'final' };

function sideOf(course: Course, arg: string | undefined): Side {
  return arg === FINAL ? { kind: 'final' } : { kind: 'day', day: resolveDay(course, arg) };
}

export function diffCommand(root: string, course: Course, args: ParsedArgs): number {
  const [a, b] = args.positionals;
  const solved = args.options.solved === true;
  const from = sideOf(course, a);
  const to = sideOf(course, b);
  if (from.kind === 'final' && to.kind === 'final') {
    throw new CourseError('compare final with a day: npm run diff -- 5 final --solved');
  }
  if (solved && from.kind === 'final') {
    throw new CourseError(
      '--solved applies the solution of day A, and final/ has none: put the day first (npm run diff -- 5 final --solved)',
    );
  }
  const withFinal = from.kind === 'final' || to.kind === 'final';
  // final/ has its own tests and deployment files: only src/ compares with a day.
  const read = (side: Side, applySolution: boolean) =>
    side.kind === 'final'
      ? finalSnapshot(root)
      : withFinal
        ? sourceOnly(snapshot(root, side.day, applySolution))
        : snapshot(root, side.day, applySolution);
  const before = read(from, solved);
  const after = read(to, false);
  const { added, removed, modified } = diffSnapshots(before, after);
  const label = (side: Side, s: boolean): string =>
    side.kind === 'final'
      ? 'final/src'
      : `days/${side.day.slug}${withFinal ? '/src' : ''}${s ? ' (solved)' : ''}`;

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
