// Builds tiny courses on disk (inside the repository, so node_modules resolves) to prove the
// integrity check catches broken promises. Each fixture is removed by the test that made it.
import fs from 'node:fs';
import path from 'node:path';
import type { Course } from '../src/course';
import { writeFile } from '../src/files';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface FixtureOptions {
  /** Body of sum() in the day 1 starter. */
  starterSum?: string;
  /** Body of sum() in the day 1 solution. */
  solutionSum?: string;
  /** The "What changed since Day 1" items of the day 2 lesson. */
  whatChanged?: string[];
}

export const course: Course = {
  title: 'Fixture course',
  days: [
    {
      day: 1,
      slug: '01-demo',
      title: 'Demo',
      status: 'ready',
      topics: [{ n: 1, title: 'Adding', seed: 'Adding' }],
      exercises: [
        {
          id: '1.1',
          title: 'Add two numbers',
          test: 'test/1.1-sum-adds.exercise.test.ts',
          files: ['src/sum.ts'],
          hints: ['Look at the operator.', 'Use +.'],
          lesson: '1. Adding',
        },
      ],
    },
    {
      day: 2,
      slug: '02-next',
      title: 'Next',
      status: 'ready',
      topics: [{ n: 1, title: 'Doubling', seed: 'Doubling' }],
      exercises: [],
    },
  ],
};

const sumModule = (body: string): string =>
  `export function sum(a: number, b: number): number {\n  ${body}\n}\n`;

export function makeFixture(name: string, options: FixtureOptions = {}): string {
  const root = path.join(REPO_ROOT, '.course', 'work', `fixture-${name}-${process.pid}`);
  fs.rmSync(root, { recursive: true, force: true });
  const w = (rel: string, content: string): void =>
    writeFile(path.join(root, ...rel.split('/')), content);
  w('tooling/course.json', JSON.stringify(course, null, 2));
  fs.copyFileSync(path.join(REPO_ROOT, 'jest.config.js'), path.join(root, 'jest.config.js'));

  const starter = options.starterSum ?? "throw new Error('TODO(exercise 1.1): add a and b');";
  const solution = options.solutionSum ?? 'return a + b;';
  const exerciseTest = [
    "import { sum } from '../src/sum';",
    "test('adds two numbers', () => {",
    '  expect(sum(1, 2)).toBe(3);',
    '});',
    '',
  ].join('\n');
  const smokeTest = [
    "import { sum } from '../src/sum';",
    "test('exports sum', () => {",
    "  expect(typeof sum).toBe('function');",
    '});',
    '',
  ].join('\n');

  // What `npm run check` type-checks: the day extends the repository's strict settings.
  const tsconfig = `${JSON.stringify(
    { extends: path.join(REPO_ROOT, 'tsconfig.json'), include: ['src/**/*.ts', 'test/**/*.ts'] },
    null,
    2,
  )}\n`;
  w('days/01-demo/tsconfig.json', tsconfig);
  w('days/02-next/tsconfig.json', tsconfig);
  w('days/01-demo/src/sum.ts', sumModule(starter));
  w('days/01-demo/test/1.1-sum-adds.exercise.test.ts', exerciseTest);
  w('days/01-demo/test/smoke.test.ts', smokeTest);
  w('days/01-demo/README.md', '# Day 1\n\n## 1. Adding\n\nExercise 1.1.\n');
  w('solutions/01-demo/src/sum.ts', sumModule(solution));
  w('solutions/01-demo/SOLUTION.md', 'Plus.\n');

  // Day 2 = day 1 solved + a new module.
  w('days/02-next/src/sum.ts', sumModule('return a + b;'));
  w('days/02-next/src/double.ts', 'export const double = (n: number): number => n * 2;\n');
  w('days/02-next/test/1.1-sum-adds.exercise.test.ts', exerciseTest);
  w('days/02-next/test/smoke.test.ts', smokeTest);
  const items = (options.whatChanged ?? ['src/double.ts'])
    .map((f) => `- \`${f}\` - new`)
    .join('\n');
  w(
    'days/02-next/README.md',
    `# Day 2\n\n## 1. Doubling\n\n## What changed since Day 1\n\n${items}\n`,
  );
  return root;
}

export function removeFixture(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
