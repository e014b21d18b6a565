// Every command of the course, declared as data: what it is for, its positionals and its
// options. The parser and the usage text both read these declarations (see ../args.ts).
import type { CommandSpec } from '../args';

const day: CommandSpec = {
  name: 'day',
  script: 'day:N',
  summary: "Run day N's API, restarting it when you save a file (Ctrl+C stops it).",
  positionals: [
    {
      name: 'N',
      description: 'the day, in the script name: npm run day:3',
      required: true,
      inScript: true,
    },
  ],
  options: {
    port: {
      type: 'string',
      value: '<port>',
      description:
        'listen on this port, an integer from 0 to 65535 (0: any free port); default 3000 or PORT',
    },
    host: {
      type: 'string',
      value: '<address>',
      description: 'listen on this interface; default 127.0.0.1 or HOST (0.0.0.0: every interface)',
    },
  },
};

const check: CommandSpec = {
  name: 'check',
  script: 'check',
  summary:
    "Check your exercises: runs day N's exercise tests (or exercise N.M's) and type-checks the day.\nA type error anywhere in the day means the day is not done, even when every test passes.",
  positionals: [
    { name: 'N | N.M', description: 'a day number, or one exercise id', required: true },
  ],
  options: {
    watch: {
      type: 'boolean',
      description: 're-run on every save (r or Enter re-runs by hand, q quits)',
    },
  },
};

const hint: CommandSpec = {
  name: 'hint',
  script: 'hint',
  summary: 'Show the next hint for an exercise (one more each time), then where to read on.',
  positionals: [{ name: 'N.M', description: 'the exercise id, e.g. 1.2', required: true }],
  options: {},
};

const progress: CommandSpec = {
  name: 'progress',
  script: 'progress',
  summary: 'Show every day and exercise as done or todo (re-runs only the days you changed).',
  positionals: [],
  options: {},
};

const solution: CommandSpec = {
  name: 'solution',
  script: 'solution',
  summary: "Compare your files with day N's solution, or copy it in with --apply.",
  positionals: [{ name: 'N', description: 'the day', required: true }],
  options: {
    apply: {
      type: 'boolean',
      description: 'copy the solution over your files (backed up first; asks to confirm)',
    },
    yes: { type: 'boolean', description: 'do not ask for confirmation' },
  },
};

const reset: CommandSpec = {
  name: 'reset',
  script: 'reset',
  summary: "Restore day N's starter files (yours are backed up first). Touches no other day.",
  positionals: [{ name: 'N', description: 'the day', required: true }],
  options: { yes: { type: 'boolean', description: 'do not ask for confirmation' } },
};

const diff: CommandSpec = {
  name: 'diff',
  script: 'diff',
  summary:
    'Show what changes from day A to day B (for instructors).\nEither side may be `final`: the production backend, compared on src/ only (its tests and\ndeployment files have no counterpart in a day), e.g. npm run diff -- 5 final --solved.',
  positionals: [
    { name: 'A', description: 'the earlier day', required: true },
    { name: 'B', description: 'the later day, or final (final/src)', required: true },
  ],
  options: {
    solved: {
      type: 'boolean',
      description:
        "take day A with its solution applied: the diff is then exactly day B's new material",
    },
  },
};

const sync: CommandSpec = {
  name: 'sync',
  script: 'course:sync',
  summary:
    'Refresh tooling/starters.json and exercises/README.md after editing a day (maintainers).',
  positionals: [],
  options: {},
};

/** The integrity check (`npm test`, tooling/src/verify/main.ts). */
export const integrityCheck: CommandSpec = {
  name: 'test',
  script: 'test',
  summary:
    'Verify every promise the course makes (maintainers and CI); ends with "N passed, N failed".',
  positionals: [],
  options: {},
};

/** The learner and instructor commands of tooling/src/cli.ts, in the order usage lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  day,
  check,
  hint,
  progress,
  solution,
  reset,
  diff,
  sync,
];
