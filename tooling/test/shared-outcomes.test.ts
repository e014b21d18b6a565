// The integrity check runs a test once per distinct (test, code it imports) and shares the
// outcome: these tests prove what makes two runs "the same" and what never does.
import fs from 'node:fs';
import path from 'node:path';
import { writeFile } from '../src/files';
import { needsVmModules, outcomeKey, shareRuns } from '../src/verify/shared-outcomes';
import { REPO_ROOT } from './fixture';

const base = path.join(REPO_ROOT, '.course', 'work', `shared-outcomes-${process.pid}`);
const day = (name: string, files: Record<string, string>): string => {
  const root = path.join(base, name);
  for (const [rel, content] of Object.entries(files)) {
    writeFile(path.join(root, ...rel.split('/')), content);
  }
  return root;
};

const TEST = "import { total } from './helpers';\ntest('t', () => expect(total()).toBe(3));\n";
const HELPERS = "import { sum } from '../src/sum';\nexport const total = () => sum(1, 2);\n";
const SUM = 'export const sum = (a: number, b: number) => a + b;\n';

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('outcomeKey', () => {
  it('is the same for the same test of the same code in two days', () => {
    const a = day('same-a', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    const b = day('same-b', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    const key = outcomeKey(path.join(a, 'test/t.test.ts'), a);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(outcomeKey(path.join(b, 'test/t.test.ts'), b)).toBe(key);
  });

  it('differs when a file the test reaches through another import changes', () => {
    const a = day('deep-a', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    const b = day('deep-b', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM.replace('a + b', 'a - b'),
    });
    expect(outcomeKey(path.join(b, 'test/t.test.ts'), b)).not.toBe(
      outcomeKey(path.join(a, 'test/t.test.ts'), a),
    );
  });

  it('differs for the same code under another test name', () => {
    const a = day('name', {
      'test/t.test.ts': TEST,
      'test/u.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    expect(outcomeKey(path.join(a, 'test/u.test.ts'), a)).not.toBe(
      outcomeKey(path.join(a, 'test/t.test.ts'), a),
    );
  });

  it.each([
    ['starts a process', "import { execFileSync } from 'node:child_process';\n"],
    ['reads a file by path', "import fs from 'node:fs';\nfs.readFileSync('x');\n"],
    ['builds a path from its own folder', 'const here = __dirname;\n'],
    ['imports a computed path', 'const m = require(name);\n'],
    ['names a relative path that is no file', "const dir = './fixtures';\n"],
  ])('is undefined for a test that %s, anywhere among its imports', (_what, code) => {
    const root = day(`outside-${_what.replace(/\W+/g, '-')}`, {
      'test/t.test.ts': TEST,
      'test/helpers.ts': code + HELPERS,
      'src/sum.ts': SUM,
    });
    expect(outcomeKey(path.join(root, 'test/t.test.ts'), root)).toBeUndefined();
  });
});

describe('shareRuns', () => {
  it('runs each distinct test once, and always runs files without a key or a root', () => {
    const a = day('runs-a', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    const b = day('runs-b', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': HELPERS,
      'src/sum.ts': SUM,
    });
    const c = day('runs-c', {
      'test/t.test.ts': TEST,
      'test/helpers.ts': `const here = __dirname;\n${HELPERS}`,
      'src/sum.ts': SUM,
    });
    const at = (root: string) => path.join(root, 'test/t.test.ts');
    const { toRun, sharesWith } = shareRuns([
      { file: at(a), root: a },
      { file: at(b), root: b },
      { file: at(c), root: c },
      { file: at(c), root: undefined },
    ]);
    expect(toRun).toEqual([at(a), at(c)]);
    expect([...sharesWith]).toEqual([[at(b), at(a)]]);
  });
});

describe('needsVmModules (files that start in the Jest run with the VM-modules flag)', () => {
  // Spelled through a variable: this file must not itself look like one that loads PGlite.
  const PGLITE = '@electric-sql/pglite';
  it('is true for a test that reaches PGlite through a helper, however the helper loads it', () => {
    const root = day('vm-pglite', {
      'test/a.test.ts':
        "import { open } from './engine';\ntest('t', () => expect(open).toBeDefined());\n",
      'test/b.test.ts':
        "import { open } from './required';\ntest('t', () => expect(open).toBeDefined());\n",
      'test/engine.ts': `import { PGlite } from '${PGLITE}';\nexport const open = () => new PGlite();\n`,
      'test/required.ts': `const nodeRequire = require('node:module').createRequire(__filename);\nexport const open = () => nodeRequire(\n  '${PGLITE}/node-postgres',\n);\n`,
    });
    expect(needsVmModules(path.join(root, 'test/a.test.ts'))).toBe(true);
    expect(needsVmModules(path.join(root, 'test/b.test.ts'))).toBe(true);
  });

  it('is false for a test that only names the package in a string', () => {
    const root = day('vm-none', {
      'test/c.test.ts': `import { SUM } from '../src/sum';\nconst packages = ['${PGLITE}'];\ntest('t', () => expect(packages).toHaveLength(1));\n`,
      'src/sum.ts': SUM,
    });
    expect(needsVmModules(path.join(root, 'test/c.test.ts'))).toBe(false);
  });
});
