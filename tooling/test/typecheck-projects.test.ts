// The integrity check type-checks every project in one `tsc --build`; these tests prove each
// error still reaches the project it belongs to, and that the build leaves nothing behind. The
// last one pins how many threads `check` gives tsc beside Jest.
import fs from 'node:fs';
import path from 'node:path';
import { writeFile } from '../src/files';
import { besideJest, typecheckProjects } from '../src/typecheck';
import { REPO_ROOT } from './fixture';

const root = path.join(REPO_ROOT, '.course', 'work', `typecheck-fixture-${process.pid}`);

function project(name: string, files: Record<string, string>, compilerOptions = {}): string {
  const dir = path.join(root, name);
  const config = path.join(dir, 'tsconfig.json');
  writeFile(
    config,
    JSON.stringify({
      extends: path.join(REPO_ROOT, 'tsconfig.json'),
      compilerOptions,
      include: ['src/**/*.ts'],
    }),
  );
  for (const [file, text] of Object.entries(files)) writeFile(path.join(dir, 'src', file), text);
  return config;
}

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('type checks of several projects in one tsc --build', () => {
  it('give each project its own errors, a clean project none, and leave no build files', async () => {
    const clean = project('clean', { 'a.ts': 'export const n: number = 1;\n' });
    // An error that names no file (a types package that does not exist) still fails its project.
    const missingTypes = project(
      'missing-types',
      { 'a.ts': 'export const n: number = 1;\n' },
      { types: ['no-such-types-package'] },
    );
    const broken = project('broken', {
      'a.ts': "export const n: number = 'one';\n",
      'b.ts': 'export const s: string = 2;\n',
    });
    const alsoClean = project('also-clean', { 'a.ts': "export const s: string = 'x';\n" });

    const [a, b, c, d] = await typecheckProjects(REPO_ROOT, [
      { name: 'clean', config: clean },
      { name: 'broken', config: broken },
      { name: 'also clean', config: alsoClean },
      { name: 'missing types', config: missingTypes },
    ]);

    expect(a).toMatchObject({ ok: true, errors: [] });
    expect(c).toMatchObject({ ok: true, errors: [] });
    expect(b?.ok).toBe(false);
    expect(b?.errors.map((e) => `${path.basename(e.file)} ${e.code}`).sort()).toEqual([
      'a.ts TS2322',
      'b.ts TS2322',
    ]);
    expect(d?.ok).toBe(false);
    expect(d?.output).toMatch(/no-such-types-package/);
    const left = fs.readdirSync(root, { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(fs.readdirSync(path.join(REPO_ROOT, '.course', 'work'))).not.toContain(
      `typecheck-${process.pid}`,
    );
  });
});

describe("tsc's threads beside Jest", () => {
  it('runs tsc on one thread where Jest leaves it fewer than two cores', () => {
    expect(besideJest(1)).toEqual(['--singleThreaded']);
    expect(besideJest(2)).toEqual(['--singleThreaded']);
    expect(besideJest(3)).toEqual(['--singleThreaded']);
    expect(besideJest(4)).toEqual([]);
  });
});
