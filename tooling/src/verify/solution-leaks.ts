// Solution code lives only in solutions/ (and SOLUTION.md). A lesson or brief that prints a
// line the solution adds to its starter hands the learner the answer, and the hints have
// nothing left to reveal. This check finds such lines, and excerpts titled "solution: …".
import fs from 'node:fs';
import path from 'node:path';
import {
  briefFile,
  type Course,
  type Day,
  dayDir,
  inDay,
  lessonFile,
  readyDays,
  solutionDir,
} from '../course';
import { listFiles, relativePosix } from '../files';
import { fromPosix } from '../paths';
import { solutionFiles } from '../snapshots';
import type { Check } from './checks';

/**
 * Lines shorter than this (code only, whitespace collapsed) are left out: below 20 characters
 * a line is generic Express or TypeScript that any lesson prints (`next(error);`,
 * `return undefined;`, `if (!user) {`, `res.json(product);`), so finding it in a lesson says
 * nothing about the exercise. From 20 on, an added line names the exercise's own identifiers
 * and values (`db.pragma('foreign_keys = ON');`), which is what a learner could copy.
 */
export const MIN_SIGNIFICANT_CHARS = 20;

export interface AddedLine {
  /** Path inside the day folder, forward slashes. */
  readonly file: string;
  readonly line: number;
  /** The line's code, trimmed, trailing comment removed, whitespace runs collapsed. */
  readonly code: string;
}

export interface Leak {
  readonly doc: string;
  readonly docLine: number;
  readonly what: string;
}

/** The code part of a line: trailing `// comment` dropped (not `://` in a URL), whitespace
 * collapsed. Comment-only lines give ''. */
export function codeOf(line: string): string {
  const trimmed = line.trim();
  if (/^(\/\/|\/\*|\*\/|\*(\s|$))/.test(trimmed)) return '';
  return trimmed
    .replace(/\s+\/\/\s.*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Blank, comment-only, bracket-only and short lines carry no answer, nor does a lone name
 * (`UniqueConstraintError,` in an import list): it says nothing without its use. */
export function isSignificant(code: string): boolean {
  if (/^[\s{}()[\];,.]*$/.test(code)) return false;
  if (/^[\w$]+[,;]?$/.test(code)) return false;
  return code.length >= MIN_SIGNIFICANT_CHARS;
}

/**
 * Lines of each solution overlay file whose code its starter file does not have. A line the
 * day's starter already shows in another file (`return (req, res) => {` of a sibling
 * middleware) is not counted either: the learner has it in hand, so printing it gives nothing
 * away.
 */
export function addedLines(root: string, day: Day): AddedLine[] {
  const out: AddedLine[] = [];
  const codeLines = (file: string): string[] =>
    fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split(/\r?\n/).map(codeOf) : [];
  const anywhereInStarter = new Set(
    listFiles(dayDir(root, day))
      .filter((rel) => /\.(ts|js|json)$/.test(rel))
      .flatMap((rel) => codeLines(inDay(root, day, rel))),
  );
  for (const rel of solutionFiles(root, day)) {
    const starter = new Set(codeLines(inDay(root, day, rel)));
    const solution = fs.readFileSync(path.join(solutionDir(root, day), fromPosix(rel)), 'utf8');
    solution.split(/\r?\n/).forEach((raw, i) => {
      const code = codeOf(raw);
      if (isSignificant(code) && !starter.has(code) && !anywhereInStarter.has(code))
        out.push({ file: rel, line: i + 1, code });
    });
  }
  return out;
}

const SOLUTION_EXCERPT = /^\s*`{3,}\w*\s+.*title="(solution:[^"]*)"/;

/** Where `markdown` shows solution code: an added line (inside or outside a code block,
 * inline code included) or an excerpt titled "solution: …". */
export function findLeaks(doc: string, markdown: string, added: readonly AddedLine[]): Leak[] {
  const leaks: Leak[] = [];
  markdown.split(/\r?\n/).forEach((raw, i) => {
    const excerpt = SOLUTION_EXCERPT.exec(raw);
    if (excerpt) {
      leaks.push({
        doc,
        docLine: i + 1,
        what: `an excerpt of the solution (title="${excerpt[1]}"): solution code lives only in solutions/`,
      });
    }
    const text = raw.replace(/\s+/g, ' ');
    const seen = new Set<string>();
    for (const a of added) {
      if (seen.has(a.code) || !text.includes(a.code)) continue;
      seen.add(a.code);
      leaks.push({
        doc,
        docLine: i + 1,
        what: `shows a line the solution adds (${a.file}:${a.line}): ${a.code}`,
      });
    }
  });
  return leaks;
}

export function checkNoSolutionInDocs(root: string, course: Course): Check[] {
  const checks: Check[] = [];
  for (const day of readyDays(course)) {
    if (day.exercises.length === 0 || !fs.existsSync(solutionDir(root, day))) continue;
    const added = addedLines(root, day);
    const leaks: Leak[] = [];
    for (const file of [lessonFile(root, day), briefFile(root, day)]) {
      if (!fs.existsSync(file)) continue;
      leaks.push(...findLeaks(relativePosix(root, file), fs.readFileSync(file, 'utf8'), added));
    }
    const name = `day ${day.day}: the lesson and the brief show no solution code (${added.length} lines the solution adds)`;
    checks.push(
      leaks.length === 0
        ? { name, ok: true }
        : {
            name,
            ok: false,
            detail: leaks.map((l) => `${l.doc}:${l.docLine}: ${l.what}`).join('\n'),
          },
    );
  }
  return checks;
}
