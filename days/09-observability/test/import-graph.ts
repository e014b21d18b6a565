// The import graph of a snapshot's src/: which file depends on which. Architecture tests hold
// the layers to their direction with it. The files are parsed with @swc/core, the parser Jest
// already runs through @swc/jest, so `import type`, `export … from`, require() and import()
// all count, and an import inside a comment does not.
import fs from 'node:fs';
import path from 'node:path';
import { parseSync } from '@swc/core';

export interface ImportEdge {
  /** The importing file, relative to src/ with forward slashes: `app.ts`. */
  readonly from: string;
  /** The imported file, the same way: `modules/health/health.handlers.ts`. */
  readonly to: string;
}

/** Every import from one file of `srcDir` to another (packages and `node:` left out). */
export function importGraph(srcDir: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of typeScriptFiles(srcDir)) {
    const ast = parseSync(fs.readFileSync(file, 'utf8'), { syntax: 'typescript' });
    const specifiers: string[] = [];
    collectSpecifiers(ast.body, specifiers);
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) continue;
      const target = resolveTypeScript(path.resolve(path.dirname(file), specifier));
      if (target !== undefined)
        edges.push({ from: relative(srcDir, file), to: relative(srcDir, target) });
    }
  }
  return edges;
}

/** The feature module a file belongs to (`health` for `modules/health/…`), if any. */
export function moduleOf(file: string): string | undefined {
  return /^modules\/([^/]+)\//.exec(file)?.[1];
}

function typeScriptFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => path.join(dir, name))
    .sort();
}

/** The file Node and TypeScript pick for an extensionless relative import. */
function resolveTypeScript(base: string): string | undefined {
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find(
    (candidate) => candidate.endsWith('.ts') && fs.existsSync(candidate),
  );
}

const relative = (from: string, to: string): string =>
  path.relative(from, to).split(path.sep).join('/');

type AstNode = { readonly [key: string]: unknown };

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null;
}

function stringLiteral(value: unknown): string | undefined {
  return isNode(value) && value['type'] === 'StringLiteral' && typeof value['value'] === 'string'
    ? value['value']
    : undefined;
}

/** Walks the syntax tree and collects the module specifier of every kind of import. */
function collectSpecifiers(value: unknown, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectSpecifiers(item, out);
    return;
  }
  if (!isNode(value)) return;
  let specifier: string | undefined;
  switch (value['type']) {
    case 'ImportDeclaration':
    case 'ExportAllDeclaration':
    case 'ExportNamedDeclaration':
      specifier = stringLiteral(value['source']);
      break;
    case 'TsExternalModuleReference':
      specifier = stringLiteral(value['expression']);
      break;
    case 'CallExpression': {
      const callee = value['callee'];
      const args = value['arguments'];
      const loads =
        isNode(callee) &&
        (callee['type'] === 'Import' ||
          (callee['type'] === 'Identifier' && callee['value'] === 'require'));
      if (loads && Array.isArray(args) && isNode(args[0])) {
        specifier = stringLiteral(args[0]['expression']);
      }
      break;
    }
  }
  if (specifier !== undefined) out.push(specifier);
  for (const child of Object.values(value)) collectSpecifiers(child, out);
}
