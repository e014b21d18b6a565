// Entry point of the learner and instructor commands (see package.json scripts).
import './node-version';
import path from 'node:path';
import { checkCommand } from './commands/check';
import { dayCommand } from './commands/day';
import { diffCommand } from './commands/diff';
import { hintCommand } from './commands/hint';
import { progressCommand } from './commands/progress';
import { resetCommand } from './commands/reset';
import { solutionCommand } from './commands/solution';
import { loadCourse } from './course';
import { CourseError } from './errors';
import { renderExerciseIndex } from './exercise-index';
import { writeFile } from './files';
import { findRepoRoot } from './paths';
import { computeStarters, writeStarters } from './starters';

const USAGE = `usage:
  npm run day:N                      run day N's API (restarts on save)
  npm run check -- N | N.M [--watch] check your exercises
  npm run hint -- N.M                the next hint for an exercise
  npm run progress                   every day and exercise, done or todo
  npm run solution -- N [--apply] [--yes]
  npm run reset -- N [--yes]         restore day N's starter files
  npm run diff -- A B [--solved]     what changes between two day snapshots`;

/** Runs one command as if typed in `cwd`; returns the exit code. Errors a person can fix
 * become one line on stderr (exit 2), anything else is a bug and keeps its stack (exit 1). */
export async function runCli(
  argv: readonly string[],
  cwd: string = process.cwd(),
): Promise<number> {
  try {
    return await dispatch(argv, cwd);
  } catch (error) {
    if (error instanceof CourseError) {
      console.error(`error: ${error.message}`);
      return 2;
    }
    console.error(error);
    return 1;
  }
}

async function dispatch(argv: readonly string[], cwd: string): Promise<number> {
  const [command, ...args] = argv;
  const root = findRepoRoot(cwd);
  const course = loadCourse(root);
  switch (command) {
    case 'day':
      return dayCommand(root, course, args);
    case 'check':
      return checkCommand(root, course, args);
    case 'hint':
      return hintCommand(root, course, args);
    case 'progress':
      return progressCommand(root, course);
    case 'solution':
      return solutionCommand(root, course, args);
    case 'reset':
      return resetCommand(root, course, args);
    case 'diff':
      return diffCommand(root, course, args);
    case 'sync':
      writeStarters(root, computeStarters(root, course));
      writeFile(path.join(root, 'exercises', 'README.md'), renderExerciseIndex(course));
      console.log('tooling/starters.json and exercises/README.md updated');
      return 0;
    default:
      console.log(USAGE);
      return command === undefined || command === 'help' ? 0 : 2;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
