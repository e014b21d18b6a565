// Builds tiny courses on disk (inside the repository, so node_modules resolves) to prove the
// integrity check catches broken promises. Each fixture is removed by the test that made it.
import fs from 'node:fs';
import path from 'node:path';
import type { Course } from '../src/course';
import { writeFile } from '../src/files';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Writes test files into `<root>/test/` and returns each one's absolute path. */
export const testFileWriter =
  (root: string) =>
  (name: string, body: string): string => {
    const at = path.join(root, 'test', name);
    writeFile(at, body);
    return at;
  };

export interface FixtureOptions {
  /** Body of sum() in the day 1 starter. */
  starterSum?: string;
  /** Body of sum() in the day 1 solution. */
  solutionSum?: string;
  /** The "What changed since Day 1" items of the day 2 lesson. */
  whatChanged?: string[];
  /** Adds to the exercise file a test that passes on the starter (a regression guard). */
  alreadyPassingTest?: boolean;
  /**
   * The solution also rewrites src/label.ts, which a regular test (not the exercise's) checks,
   * and breaks it: the starter's run of that test must not stand in for the solved copy's.
   */
  solutionBreaksARegularTest?: boolean;
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

/** A day's server as the day command runs it: PORT and HOST from the environment, the
 * "listening on" line, GET /health, and a clean exit on SIGTERM. */
const SERVER = `import http from 'node:http';

const port = Number(process.env.PORT ?? '3000');
const host = process.env.HOST || '127.0.0.1';
const server = http.createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: req.url === '/health' ? 'ok' : 'not found' }));
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address !== null ? address.port : port;
  console.log(\`listening on http://\${host}:\${actual}\`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

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
    '  expect(sum(2, 5)).toBe(7);',
    '});',
    ...(options.alreadyPassingTest
      ? ["test('still exports sum', () => {", "  expect(typeof sum).toBe('function');", '});']
      : []),
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
  w('days/01-demo/src/server.ts', SERVER);
  w('days/02-next/src/server.ts', SERVER);
  w('days/01-demo/test/1.1-sum-adds.exercise.test.ts', exerciseTest);
  w('days/01-demo/test/smoke.test.ts', smokeTest);
  w('days/01-demo/README.md', '# Day 1\n\n## 1. Adding\n\nExercise 1.1.\n');
  w('solutions/01-demo/src/sum.ts', sumModule(solution));
  if (options.solutionBreaksARegularTest) {
    w('days/01-demo/src/label.ts', "export const label = 'sum';\n");
    w(
      'days/01-demo/test/label.test.ts',
      "import { label } from '../src/label';\ntest('labels the operation', () => {\n  expect(label).toBe('sum');\n});\n",
    );
    w('solutions/01-demo/src/label.ts', "export const label = 'SUM';\n");
  }
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
