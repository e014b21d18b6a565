// Entry point of the learner and instructor commands (see package.json scripts). Which
// arguments each command takes is declared in commands/specs.ts; this file only dispatches.
import './node-version';
import path from 'node:path';
import {
  type CommandSpec,
  nearest,
  overview,
  type ParsedArgs,
  parseCommand,
  UsageError,
  usage,
} from './args';
import { checkCommand } from './commands/check';
import { dayCommand } from './commands/day';
import { diffCommand } from './commands/diff';
import { hintCommand } from './commands/hint';
import { progressCommand } from './commands/progress';
import { resetCommand } from './commands/reset';
import { solutionCommand } from './commands/solution';
import { COMMANDS, integrityCheck } from './commands/specs';
import { type Course, loadCourse } from './course';
import { CourseError } from './errors';
import { renderExerciseIndex } from './exercise-index';
import { writeFile } from './files';
import { findRepoRoot } from './paths';
import { computeStarters, writeStarters } from './starters';

type Handler = (root: string, course: Course, args: ParsedArgs) => Promise<number> | number;

const HANDLERS: Readonly<Record<string, Handler>> = {
  day: dayCommand,
  check: checkCommand,
  hint: hintCommand,
  progress: progressCommand,
  solution: solutionCommand,
  reset: resetCommand,
  diff: diffCommand,
  sync: (root, course) => {
    writeStarters(root, computeStarters(root, course));
    writeFile(path.join(root, 'exercises', 'README.md'), renderExerciseIndex(course));
    console.log('tooling/starters.json and exercises/README.md updated');
    return 0;
  },
};

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
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    console.log(overview([...COMMANDS, integrityCheck]));
    return 0;
  }
  const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === name);
  const handler = HANDLERS[name];
  if (spec === undefined || handler === undefined) {
    const near = nearest(
      name,
      COMMANDS.map((c) => c.name),
    );
    throw new UsageError(
      `unknown command "${name}"${near === undefined ? ` (commands: ${COMMANDS.map((c) => c.name).join(', ')})` : ` (did you mean ${near}?)`}`,
    );
  }
  // Arguments first: a typo is reported even outside the repository.
  const args = parseCommand(spec, rest);
  if (args.help) {
    console.log(usage(spec));
    return 0;
  }
  const root = findRepoRoot(cwd);
  return handler(root, loadCourse(root), args);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
