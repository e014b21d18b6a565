// Entry point of the learner and instructor commands (see package.json scripts).
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

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const root = findRepoRoot();
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof CourseError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
