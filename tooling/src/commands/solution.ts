// `npm run solution -- N [--apply] [--yes]`: compare your files with the solution, or take it.
import fs from 'node:fs';
import path from 'node:path';
import type { ParsedArgs } from '../args';
import { type Course, inDay, resolveDay, solutionDir } from '../course';
import { relativePosix } from '../files';
import { color } from '../output';
import { fromPosix } from '../paths';
import { confirm } from '../prompt';
import { solutionFiles } from '../snapshots';
import { unifiedDiff } from '../udiff';
import { backupFiles } from './backup';

export async function solutionCommand(
  root: string,
  course: Course,
  args: ParsedArgs,
): Promise<number> {
  const day = resolveDay(course, args.positionals[0]);
  const apply = args.options.apply === true;
  const yes = args.options.yes === true;
  const files = solutionFiles(root, day);
  const changed = files.filter((rel) => {
    const mine = inDay(root, day, rel);
    const theirs = path.join(solutionDir(root, day), fromPosix(rel));
    return !fs.existsSync(mine) || !fs.readFileSync(mine).equals(fs.readFileSync(theirs));
  });

  console.log(
    color.bold(`\nDay ${day.day} solution: ${relativePosix(root, solutionDir(root, day))}`),
  );
  const note = path.join(solutionDir(root, day), 'SOLUTION.md');
  if (fs.existsSync(note)) console.log(`Why it is shaped this way: ${relativePosix(root, note)}`);
  if (changed.length === 0) {
    console.log(color.green('Your files already match the solution.'));
    return 0;
  }

  if (!apply) {
    for (const rel of changed) {
      const mine = inDay(root, day, rel);
      const before = fs.existsSync(mine) ? fs.readFileSync(mine, 'utf8') : undefined;
      const after = fs.readFileSync(path.join(solutionDir(root, day), fromPosix(rel)), 'utf8');
      console.log(`\n${unifiedDiff(`yours/${rel}`, `solution/${rel}`, before, after)}`);
    }
    console.log(
      `\n${changed.length} file(s) differ ("-" yours, "+" solution). To take the solution: npm run solution -- ${day.day} --apply`,
    );
    return 0;
  }

  console.log(`This replaces ${changed.length} file(s) in days/${day.slug}:`);
  for (const rel of changed) console.log(`  ${rel}`);
  if (!(await confirm('Copy the solution over your files? (yours are backed up first)', yes))) {
    console.log('Nothing changed.');
    return 1;
  }
  const backup = backupFiles(root, day, changed);
  for (const rel of changed) {
    fs.mkdirSync(path.dirname(inDay(root, day, rel)), { recursive: true });
    fs.copyFileSync(path.join(solutionDir(root, day), fromPosix(rel)), inDay(root, day, rel));
  }
  console.log(
    color.green(`Solution applied. Your previous files are in ${relativePosix(root, backup)}`),
  );
  console.log(`Run npm run check -- ${day.day} to see every exercise pass.`);
  return 0;
}
