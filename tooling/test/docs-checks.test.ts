// Proves, on fixture courses, the checks that read lessons, briefs and solution notes: no
// solution code in a lesson or brief, commands that work in every shell, and the promises
// about each day's set of exercises.
import fs from 'node:fs';
import path from 'node:path';
import type { Course, Exercise } from '../src/course';
import { checkExerciseSet, mentionsId } from '../src/verify/checks';
import { checkShellCommands, shellOffences, unknownScripts } from '../src/verify/shell-commands';
import { addedLines, checkNoSolutionInDocs, isSignificant } from '../src/verify/solution-leaks';
import { course, makeFixture, removeFixture } from './fixture';

const write = (root: string, rel: string, content: string): void => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), content);
};

describe('the no-solution-in-lessons check', () => {
  const solutionLine = 'return [a, b].reduce((total, n) => total + n, 0);';
  let root: string;
  beforeEach(() => {
    root = makeFixture('leaks', { solutionSum: solutionLine });
  });
  afterEach(() => removeFixture(root));

  it('counts the significant lines a solution adds, not the lines its starter already has', () => {
    expect(addedLines(root, course.days[0]!)).toEqual([
      { file: 'src/sum.ts', line: 2, code: solutionLine },
    ]);
    expect(isSignificant('return a + b;')).toBe(false); // 13 characters: generic
    expect(isSignificant('});')).toBe(false);
    expect(isSignificant('UniqueConstraintError,')).toBe(false); // a lone name
    expect(isSignificant("db.pragma('foreign_keys = ON');")).toBe(true);
  });

  it('accepts a lesson that teaches with its own example and shows only starter code', () => {
    write(
      root,
      'days/01-demo/README.md',
      [
        '# Day 1',
        '',
        '```ts',
        'export function sum(a: number, b: number): number {',
        'const product = [2, 3].reduce((acc, n) => acc * n, 1);',
        '```',
        '',
      ].join('\n'),
    );
    expect(checkNoSolutionInDocs(root, course)).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('names every place a lesson or brief prints a solution line, and a "solution:" excerpt', () => {
    write(
      root,
      'days/01-demo/README.md',
      [
        '# Day 1',
        '',
        '```ts title="solution: src/sum.ts"',
        'export function sum(a: number, b: number): number {',
        `  ${solutionLine}`,
        '}',
        '```',
      ].join('\n'),
    );
    write(root, 'exercises/01-demo.md', `# Brief\n\nHint 3: write \`${solutionLine}\`.\n`);
    const [check] = checkNoSolutionInDocs(root, course);
    expect(check?.ok).toBe(false);
    expect(check?.detail?.split('\n')).toEqual([
      'days/01-demo/README.md:3: an excerpt of the solution (title="solution: src/sum.ts"): solution code lives only in solutions/',
      `days/01-demo/README.md:5: shows a line the solution adds (src/sum.ts:2): ${solutionLine}`,
      `exercises/01-demo.md:3: shows a line the solution adds (src/sum.ts:2): ${solutionLine}`,
    ]);
  });
});

describe('the cross-platform commands check', () => {
  const messages = (markdown: string): string[] =>
    shellOffences(markdown).map((o) => `${o.line}: ${o.message}`);

  it('accepts commands that need no shell syntax, and comment lines above them', () => {
    const md = [
      '```sh',
      '# start day 1 on another port',
      'npm run day:1 -- --port 4321',
      'node -e "fetch(\'http://127.0.0.1:4321/health\').then((r) => console.log(r.status))"',
      '```',
      'Run `npm run check -- 1` and `npm run hint -- 1.1`.',
    ].join('\n');
    expect(messages(md)).toEqual([]);
  });

  it('flags each POSIX-only construct a learner would type, by line', () => {
    const md = [
      '```bash',
      'PORT=4321 npm run day:1',
      'export DB_PATH=:memory:',
      'curl -s -o /dev/null http://localhost:3000/health',
      'npm run build && npm start',
      'npm test || echo failed',
      'echo $(date)',
      'docker run --rm \\',
      'curl -d \'{"name":"x"}\' http://localhost:3000/api',
      'npm test | grep passed',
      'npm run check -- 1   # all exercises',
      'open http://localhost:3000/docs',
      '```',
      'Or in prose: `BODY_LIMIT_BYTES=64 npm run day:4`.',
    ].join('\n');
    expect(messages(md)).toEqual([
      '2: sets an environment variable before the command (VAR=x cmd): use a flag (npm run day:1 -- --port 4321) or the .env file',
      '3: export is bash syntax: use a flag or the .env file',
      '4: /dev/null does not exist on Windows',
      '5: Windows PowerShell 5.1 has neither && nor ||: one command per line',
      '6: Windows PowerShell 5.1 has neither && nor ||: one command per line',
      '7: $(...) is command substitution, which cmd does not have',
      '8: a backslash continues the line only in bash (PowerShell uses `, cmd ^): one line',
      "9: cmd does not treat ' as a quote: use double quotes",
      '10: pipes into a Unix tool that Windows does not have',
      '11: cmd passes a trailing # comment to the command as arguments: put it in the prose',
      '12: a Unix command that Windows does not have (or takes other flags there)',
      '14: sets an environment variable before the command (VAR=x cmd): use a flag (npm run day:1 -- --port 4321) or the .env file',
    ]);
  });

  it('reads console transcripts by their prompts and unlabelled blocks that start like a command', () => {
    const md = [
      '```console',
      '$ PORT=1 npm run day:1',
      "listening on http://127.0.0.1:1 (output may say 'anything')",
      '```',
      '',
      '```',
      'npm run day:1 && npm test',
      '```',
      '',
      '```',
      'src/',
      "  app.ts   it's a tree, not a command",
      '```',
    ].join('\n');
    expect(shellOffences(md).map((o) => o.line)).toEqual([2, 7]);
  });

  it('allows shell-specific syntax in a group of adjacent bash, powershell and cmd blocks', () => {
    const group = [
      '```bash',
      'PORT=4321 npm run day:1',
      '```',
      '',
      '```powershell',
      '$env:PORT=4321; npm run day:1',
      '```',
      '',
      '```cmd',
      'set PORT=4321 && npm run day:1',
      '```',
    ].join('\n');
    expect(messages(group)).toEqual([]);
  });

  it('holds each group member to its own shell, and refuses a shell-specific block alone', () => {
    const md = [
      '```bash',
      'npm start',
      '```',
      '',
      '```powershell',
      'npm run build && npm start',
      '```',
      '',
      '```cmd',
      "echo 'x'",
      '```',
      '',
      'Some prose.',
      '',
      '```powershell',
      '$env:PORT=4321',
      '```',
    ].join('\n');
    expect(messages(md)).toEqual([
      '6: Windows PowerShell 5.1 has neither && nor ||: one command per line',
      "10: cmd does not treat ' as a quote: use double quotes",
      '15: a powershell-only block needs its siblings: adjacent bash, powershell and cmd blocks, or one command that needs no shell syntax',
    ]);
  });

  it('names each `npm run` script that package.json lacks, in blocks and inline code only', () => {
    const scripts = new Set(['check', 'day:1', 'day:2', 'bench:check']);
    const md = [
      'Run `npm run check -- 1.1`, then `npm run chek -- 1.1`.', // 1
      '',
      '```bash',
      'npm run --silent bench:check -- 9.1', // 4
      'npm run day:N', // 5: a placeholder for day:1, day:2, …
      'npm run bench:chek', // 6
      '```',
      '',
      '```ts',
      "const hint = 'npm run nothing-here';", // 10: code, not a command
      '```',
      'In prose, npm run nothing is not a command either.',
    ].join('\n');
    expect(unknownScripts(md, scripts).map((o) => `${o.line}: ${o.message}`)).toEqual([
      '1: package.json has no script "chek"',
      '6: package.json has no script "bench:chek"',
    ]);
    expect(unknownScripts('`npm run build:N`', scripts)).toHaveLength(1);
  });

  it('reports every offending line of a day with its file and line', () => {
    const root = makeFixture('shell');
    try {
      write(root, 'package.json', JSON.stringify({ scripts: { 'day:1': 'x', check: 'x' } }));
      write(
        root,
        'exercises/01-demo.md',
        '# Brief\n\n```sh\nPORT=1 npm run day:1\n```\n\nThen `npm run chek -- 1.1`.\n',
      );
      write(root, 'solutions/01-demo/SOLUTION.md', 'Run `npm test && npm start`.\n');
      const [day1] = checkShellCommands(root, course);
      expect(day1).toMatchObject({
        ok: false,
        name: 'day 1: documented commands work in bash, PowerShell and cmd, and name scripts package.json has',
      });
      expect(day1?.detail?.split('\n')).toEqual([
        'exercises/01-demo.md:4: PORT=1 npm run day:1 — sets an environment variable before the command (VAR=x cmd): use a flag (npm run day:1 -- --port 4321) or the .env file',
        'exercises/01-demo.md:7: npm run chek -- 1.1 — package.json has no script "chek"',
        'solutions/01-demo/SOLUTION.md:1: npm test && npm start — Windows PowerShell 5.1 has neither && nor ||: one command per line',
      ]);
    } finally {
      removeFixture(root);
    }
  });
});

describe("the check of each day's exercise set", () => {
  const exercise = (n: number, over: Partial<Exercise> = {}): Exercise => ({
    id: `1.${n}`,
    title: `Exercise ${n}`,
    test: `test/1.${n}-x.exercise.test.ts`,
    files: ['src/sum.ts'],
    hints: ['A nudge.', 'Nearly the answer.'],
    lesson: '1. Adding',
    ...over,
  });
  const withExercises = (exercises: Exercise[]): Course => ({
    ...course,
    days: [{ ...course.days[0]!, exercises }],
  });

  it('accepts four exercises, one a design exercise, 2-3 hints each, all in SOLUTION.md', () => {
    const root = makeFixture('set-ok');
    try {
      write(
        root,
        'solutions/01-demo/SOLUTION.md',
        'Exercises 1.1, 1.2 and 1.3; 1.4 is a design.\n',
      );
      const sound = withExercises([1, 2, 3, 4].map((n) => exercise(n, { design: n === 4 })));
      expect(checkExerciseSet(root, sound)).toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      removeFixture(root);
    }
  });

  it('names each broken promise: too few exercises, no design, hint counts, unmentioned ids', () => {
    const root = makeFixture('set-bad');
    try {
      write(root, 'solutions/01-demo/SOLUTION.md', 'Exercise 1.1 only (and 11.2, 1.20).\n');
      const thin = withExercises([
        exercise(1),
        exercise(2, { hints: ['Only one.'] }),
        exercise(3, { hints: ['1', '2', '3', '4'] }),
      ]);
      const [check] = checkExerciseSet(root, thin);
      expect(check?.ok).toBe(false);
      expect(check?.detail?.split('\n')).toEqual([
        'has 3 exercise(s), needs at least 4',
        'no exercise is marked "design": true in tooling/course.json',
        '1.2 has 1 hint(s), needs 2 or 3',
        '1.3 has 4 hint(s), needs 2 or 3',
        'solutions/01-demo/SOLUTION.md does not mention 1.2, 1.3',
      ]);
    } finally {
      removeFixture(root);
    }
  });

  it('finds an exercise id only as a whole token', () => {
    expect(mentionsId('see 1.1.', '1.1')).toBe(true);
    expect(mentionsId('(1.1)', '1.1')).toBe(true);
    expect(mentionsId('11.1 and 1.10 and 1.1.2', '1.1')).toBe(false);
  });
});
