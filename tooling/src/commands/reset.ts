// `npm run reset -- N [--yes]`: put day N's starter files back. Touches no other day.
import fs from 'node:fs';
import type { ParsedArgs } from '../args';
import { type Course, dayDir, inDay, resolveDay } from '../course';
import { CourseError } from '../errors';
import { listFiles, relativePosix, writeFile } from '../files';
import { gitBlobId } from '../fingerprint';
import { color } from '../output';
import { confirm } from '../prompt';
import { solutionFiles } from '../snapshots';
import { readStarters, starterContent } from '../starters';
import { backupFiles } from './backup';

export async function resetCommand(
  root: string,
  course: Course,
  args: ParsedArgs,
): Promise<number> {
  const day = resolveDay(course, args.positionals[0]);
  const starters = readStarters(root)[day.slug];
  if (!starters)
    throw new CourseError(`no starter manifest for day ${day.day}: run npm run course:sync`);

  const changed = Object.entries(starters).filter(([rel, blob]) => {
    const file = inDay(root, day, rel);
    return !fs.existsSync(file) || gitBlobId(fs.readFileSync(file)) !== blob;
  });
  const notInStarter = listFiles(dayDir(root, day)).filter((rel) => !(rel in starters));
  // A file the starter lacks but the solution overlay has belongs to an exercise (a solution
  // applied, or the learner's own answer at the same path): starting over removes it, after
  // the backup. Any other extra file is the learner's own and stays.
  const overlay = new Set(solutionFiles(root, day));
  const exerciseFiles = notInStarter.filter((rel) => overlay.has(rel));
  const extra = notInStarter.filter((rel) => !overlay.has(rel));

  if (changed.length === 0 && exerciseFiles.length === 0) {
    console.log(color.green(`Day ${day.day} already matches its starter.`));
  } else {
    // Read every starter first: if one is missing, nothing is overwritten.
    const contents = changed.map(
      ([rel, blob]) => [rel, starterContent(root, day, rel, blob)] as const,
    );
    if (changed.length > 0) {
      console.log(`Resetting days/${day.slug} restores ${changed.length} file(s):`);
      for (const [rel] of changed) console.log(`  ${rel}`);
    }
    if (exerciseFiles.length > 0) {
      console.log(`and removes ${exerciseFiles.length} file(s) the starter does not have:`);
      for (const rel of exerciseFiles) console.log(`  ${rel}`);
    }
    if (
      !(await confirm(
        'Replace your versions with the starter? (yours are backed up first)',
        args.options.yes === true,
      ))
    ) {
      console.log('Nothing changed.');
      return 1;
    }
    const backup = backupFiles(root, day, [...changed.map(([rel]) => rel), ...exerciseFiles]);
    for (const [rel, content] of contents) writeFile(inDay(root, day, rel), content);
    for (const rel of exerciseFiles) fs.rmSync(inDay(root, day, rel));
    console.log(
      color.green(
        `Day ${day.day} is back to its starter. Your versions: ${relativePosix(root, backup)}`,
      ),
    );
  }
  if (extra.length > 0) {
    console.log(
      `Left in place (files you added; the starter has none of these): ${extra.join(', ')}`,
    );
  }
  return 0;
}
