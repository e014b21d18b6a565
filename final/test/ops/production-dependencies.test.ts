// The image installs `dependencies` only (`npm prune --omit=dev` in final/Dockerfile), so that
// list must be exactly what the build imports: a package the build needs but only
// devDependencies list crashes the container at start, and one nothing imports (ajv, used only
// by tests, once was) ships for nothing. The build is read as it ships: every file of final/dist.
import fs from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { ensureBuilt, finalDir, repoRoot, tempDir } from './process-helpers';

jest.setTimeout(60_000);

// tsc emits CommonJS: require("x"), require.resolve("x") and import("x") are every way the
// compiled code (worker sources included, which live in strings) can load a package.
const SPECIFIER = /\b(?:require(?:\.resolve)?|import)\(\s*(['"])([^'"]+)\1\s*\)/g;

/** "@scope/name/sub" -> "@scope/name"; "name/sub" -> "name". */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

/** Package name -> the build files (relative to `dir`) that load it. */
function packagesImported(dir: string): Map<string, string[]> {
  const imported = new Map<string, string[]>();
  for (const file of jsFiles(dir)) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[2] ?? '';
      if (specifier.startsWith('.') || path.isAbsolute(specifier) || isBuiltin(specifier)) continue;
      const name = packageName(specifier);
      const files = imported.get(name) ?? [];
      files.push(path.relative(dir, file).split(path.sep).join('/'));
      imported.set(name, files);
    }
  }
  return imported;
}

/** Every difference between what the build imports and what `dependencies` lists. */
function dependencyProblems(
  imported: ReadonlyMap<string, readonly string[]>,
  dependencies: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [name, files] of [...imported].sort(([a], [b]) => a.localeCompare(b))) {
    if (!dependencies.includes(name)) {
      problems.push(`${name} is imported by ${files.join(', ')} but is not in dependencies`);
    }
  }
  for (const name of [...dependencies].sort()) {
    if (!imported.has(name)) {
      problems.push(`${name} is in dependencies but final/dist never imports it`);
    }
  }
  return problems;
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('the production dependency list (what the container image installs)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  test('is exactly the set of packages final/dist imports', () => {
    const imported = packagesImported(path.join(finalDir, 'dist'));
    expect(imported.size).toBeGreaterThan(5);
    expect(dependencyProblems(imported, Object.keys(manifest.dependencies))).toEqual([]);
  });

  test('a test-only package in dependencies, or an import missing from them, is reported', () => {
    const dir = tempDir('final-dist-fixture');
    try {
      fs.mkdirSync(path.join(dir, 'core'));
      fs.writeFileSync(
        path.join(dir, 'core', 'db.js'),
        'const a = require("better-sqlite3");\nconst b = require("node:fs");\nconst c = require("./x");\n',
      );
      fs.writeFileSync(path.join(dir, 'docs.js'), "require.resolve('@scope/pkg/dist/file.js');\n");
      expect(dependencyProblems(packagesImported(dir), ['ajv', '@scope/pkg'])).toEqual([
        'better-sqlite3 is imported by core/db.js but is not in dependencies',
        'ajv is in dependencies but final/dist never imports it',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
