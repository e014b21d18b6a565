// final/ is where the days lead: Day 14 solved equals it file for file. So whatever the last
// ready day's solved src/ has, final/src must still have, at the same path and under the same
// names, unless CONTRIBUTING.md declares that a later day moves or retires it (a Map-backed
// repository that SQLite replaces, a type that moves into a new mapper). A rename or a lost
// export in final/ would make a later day quietly rewrite code the learner already wrote.
import fs from 'node:fs';
import path from 'node:path';
import { type Course, readyDays } from '../course';
import { finalDir, finalSnapshot, snapshot, sourceOnly } from '../snapshots';
import type { Check } from './checks';

/** The CONTRIBUTING.md section that declares what a later day moves or retires. */
export const DECLARED_CHANGES_HEADING = 'Exports a later day moves or retires';

export interface DeclaredChange {
  /** The (planned) day that makes the change. */
  readonly day: number;
  /** The file as the days have it, `src/...`. */
  readonly file: string;
  readonly name: string;
  /** Where final/ has it now, or undefined when the day retires it for good. */
  readonly becomes?: { readonly file: string; readonly name: string };
}

const IDENTIFIER = '[A-Za-z_$][\\w$]*';
const DECLARATION = new RegExp(
  `^[ \\t]*export\\s+(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:async\\s+)?` +
    `(?:function\\s*\\*?|const|let|var|class|interface|type|enum|namespace)\\s+(${IDENTIFIER})`,
  'gm',
);
const LIST = /^[ \t]*export\s+(?:type\s+)?\{([^}]*)\}/gm;
const DEFAULT_EXPRESSION =
  /^[ \t]*export\s+default\s+(?!(?:async\s+)?function\b|class\b|abstract\b)/m;

/**
 * The names a TypeScript module exports, read with regular expressions: declarations
 * (`export const x`, `export interface X`, ...), lists (`export { a, b as c }`,
 * `export type { T } from '...'`) and `export default`. `export * from` is not followed.
 */
export function exportedNames(source: string): Set<string> {
  const names = new Set<string>();
  for (const m of source.matchAll(DECLARATION)) if (m[1]) names.add(m[1]);
  for (const m of source.matchAll(LIST)) {
    for (const item of (m[1] ?? '').split(',')) {
      const words = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/);
      const name = (words[1] ?? words[0] ?? '').trim();
      if (name !== '') names.add(name);
    }
  }
  if (DEFAULT_EXPRESSION.test(source)) names.add('default');
  return names;
}

/**
 * The table under "### Exports a later day moves or retires": one row per export, with the
 * day, the file and the name as the days have them, where final/ has it (`path` `Name`, or `—`
 * when it is retired) and why. Malformed rows are reported, never skipped.
 */
export function declaredChanges(markdown: string): {
  changes: DeclaredChange[];
  problems: string[];
} {
  const changes: DeclaredChange[] = [];
  const problems: string[] = [];
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) =>
    new RegExp(`^#{2,4}\\s+${DECLARED_CHANGES_HEADING}\\s*$`).test(l),
  );
  if (start === -1) return { changes, problems };
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,4}\s/.test(line)) break;
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    if (cells.every((c) => /^:?-+:?$/.test(c)) || !/^\d+$/.test(cells[0] ?? '')) continue;
    const code = (cell: string | undefined) =>
      [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    const [file] = code(cells[1]);
    const [name] = code(cells[2]);
    const target = code(cells[3]);
    const why = cells[4] ?? '';
    const retired = /^(—|-|retired\b)/.test(cells[3] ?? '');
    if (
      cells.length !== 5 ||
      file === undefined ||
      name === undefined ||
      why === '' ||
      (!retired && target.length !== 2)
    ) {
      problems.push(
        `malformed row (want | day | \`src/file.ts\` | \`Name\` | \`src/other.ts\` \`Name\` or — | why |): ${line}`,
      );
      continue;
    }
    changes.push({
      day: Number(cells[0]),
      file,
      name,
      ...(retired ? {} : { becomes: { file: target[0] as string, name: target[1] as string } }),
    });
  }
  return { changes, problems };
}

const pass = (name: string): Check => ({ name, ok: true });
const fail = (name: string, detail: string): Check => ({ name, ok: false, detail });

/** (l) final/src keeps every file and export of the last ready day's solved src/. */
export function checkFinalKeepsTheDays(root: string, course: Course): Check[] {
  const last = readyDays(course).at(-1);
  if (last === undefined || !fs.existsSync(path.join(finalDir(root), 'src'))) return [];
  const day = `day ${last.day} solved`;
  const days = sourceOnly(snapshot(root, last, true));
  const final = finalSnapshot(root);
  const filesName = `every file of ${day}'s src/ is in final/src at the same path`;
  const exportsName = `final/src exports every name ${day} exports, or CONTRIBUTING.md declares its move`;

  const missing = [...days.keys()]
    .filter((file) => !final.has(file))
    .map((file) => `${file} (${day}) has no final/${file}: keep the path, the days build on it`);

  const contributing = path.join(root, 'CONTRIBUTING.md');
  const { changes, problems } = declaredChanges(
    fs.existsSync(contributing) ? fs.readFileSync(contributing, 'utf8') : '',
  );
  // Only what a day after the last ready one will do can explain a difference today.
  const pending = changes.filter((c) => c.day > last.day);
  const lost: string[] = [...problems];
  for (const [file, source] of days) {
    if (!file.endsWith('.ts')) continue;
    const finalSource = final.get(file);
    if (finalSource === undefined) continue;
    const kept = exportedNames(finalSource);
    for (const name of exportedNames(source)) {
      if (kept.has(name)) continue;
      const declared = pending.find((c) => c.file === file && c.name === name);
      if (declared === undefined) {
        lost.push(
          `${file} exports ${name} in ${day}, final/${file} does not: a rename or a lost export (keep the name, or declare the move under "${DECLARED_CHANGES_HEADING}" in CONTRIBUTING.md)`,
        );
      } else if (declared.becomes !== undefined) {
        const { file: to, name: as } = declared.becomes;
        const target = final.get(to);
        if (target === undefined || !exportedNames(target).has(as)) {
          lost.push(
            `${file} ${name} (${day}) is declared to become ${as} in final/${to} on day ${declared.day}, but final/${to} does not export ${as}`,
          );
        }
      }
    }
  }
  for (const c of pending) {
    if (!exportedNames(days.get(c.file) ?? '').has(c.name)) {
      lost.push(
        `CONTRIBUTING.md declares that day ${c.day} moves or retires ${c.name} of ${c.file}, but ${day} does not export it there: remove or fix the row`,
      );
    }
  }
  return [
    missing.length === 0 ? pass(filesName) : fail(filesName, missing.join('\n')),
    lost.length === 0 ? pass(exportsName) : fail(exportsName, lost.join('\n')),
  ];
}
