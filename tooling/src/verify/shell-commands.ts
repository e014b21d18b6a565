// Learners type the documented commands in bash, PowerShell and cmd. This check reads every
// fenced block of commands in the docs and flags syntax that only a POSIX shell understands.
// A block may be shell-specific only inside a three-shell group: adjacent ```bash,
// ```powershell and ```cmd blocks (blank lines between them only) giving the same step.
import fs from 'node:fs';
import path from 'node:path';
import {
  briefFile,
  type Course,
  lessonFile,
  readyDays,
  SOLUTION_NOTE,
  solutionDir,
} from '../course';
import { relativePosix } from '../files';
import type { Check } from './checks';

type Shell = 'bash' | 'powershell' | 'cmd';

/** What a block's language says about where it runs. `posix` blocks (sh, bash, …) are held to
 * every shell unless a group gives the PowerShell and cmd versions beside them. */
type Role = 'posix' | 'powershell' | 'cmd' | 'plain';
const ROLE: Readonly<Record<string, Role>> = {
  sh: 'posix',
  shell: 'posix',
  bash: 'posix',
  zsh: 'posix',
  console: 'posix',
  powershell: 'powershell',
  ps1: 'powershell',
  pwsh: 'powershell',
  cmd: 'cmd',
  bat: 'cmd',
};

/** Unlabelled blocks and inline code spans are commands when they start like one. */
const COMMAND_START = /^\s*(npm|npx|node|curl)\s/;
const ENV_THEN_COMMAND = /^\s*(?:[A-Za-z_]\w*=\S*\s+)+(npm|npx|node|curl)\s/;

export interface CodeBlock {
  readonly lang: string;
  /** Line number of the opening fence. */
  readonly open: number;
  /** Line number of the closing fence (or the last line of the file). */
  readonly close: number;
  readonly lines: ReadonlyArray<{ readonly n: number; readonly text: string }>;
}

export function fencedBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i] ?? '');
    if (!open?.[1]) continue;
    const fence = open[1];
    const body: Array<{ n: number; text: string }> = [];
    let j = i + 1;
    while (j < lines.length && !(lines[j] ?? '').trim().startsWith(fence)) {
      body.push({ n: j + 1, text: lines[j] ?? '' });
      j++;
    }
    blocks.push({ lang: (open[2] ?? '').toLowerCase(), open: i + 1, close: j + 1, lines: body });
    i = j;
  }
  return blocks;
}

/** The commands a block asks a person to type: `$ `/`> ` lines of a console transcript,
 * every line of a shell block but comments, and command-like lines of an unlabelled block. */
function commandLines(block: CodeBlock): Array<{ n: number; text: string }> {
  if (block.lang === 'console') {
    return block.lines
      .filter((l) => /^\s*(\$|>|PS>)\s/.test(l.text))
      .map((l) => ({ n: l.n, text: l.text.replace(/^\s*(\$|>|PS>)\s/, '') }));
  }
  const isComment = (t: string): boolean => /^\s*(#|rem\s|::|REM\s)/.test(t) || t.trim() === '';
  if (block.lang === '') {
    return block.lines.filter(
      (l) => COMMAND_START.test(l.text) || /^\s*[A-Za-z_]\w*=\S*\s+\w/.test(l.text),
    );
  }
  return block.lines.filter((l) => !isComment(l.text));
}

interface Scan {
  /** The line up to a trailing `#` comment, if any. */
  readonly code: string;
  readonly trailingComment: boolean;
  /** Characters outside any quotes, with quoted spans blanked, for operator search. */
  readonly bare: string;
  readonly singleQuoted: boolean;
  readonly substitution: boolean;
}

/** Reads a line the way a POSIX shell would tokenise its quotes. */
function scan(line: string): Scan {
  let quote: '"' | "'" | undefined;
  let bare = '';
  let singleQuoted = false;
  let substitution = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (quote === undefined && c === '#' && (i === 0 || /\s/.test(line[i - 1] ?? ''))) {
      return { code: line.slice(0, i), trailingComment: true, bare, singleQuoted, substitution };
    }
    if (quote !== "'" && c === '$' && line[i + 1] === '(') substitution = true;
    if (quote === undefined && (c === '"' || c === "'")) {
      quote = c;
      if (c === "'") singleQuoted = true;
      bare += ' ';
    } else if (quote !== undefined && c === quote) {
      quote = undefined;
      bare += ' ';
    } else bare += quote === undefined ? c : ' ';
  }
  return { code: line, trailingComment: false, bare, singleQuoted, substitution };
}

const UNIX_TOOLS = /\|\s*(grep|egrep|jq|head|tail|sed|awk|wc|uniq|xargs|less|cut|tr|tee|column)\b/;

interface Rule {
  readonly id: string;
  /** Shells in which the construct fails. */
  readonly failsIn: readonly Shell[];
  readonly test: (line: string, s: Scan) => boolean;
  readonly message: string;
}

const RULES: readonly Rule[] = [
  {
    id: 'env-prefix',
    failsIn: ['powershell', 'cmd'],
    test: (l) => /^\s*(?:[A-Za-z_]\w*=(?:"[^"]*"|'[^']*'|\S*)\s+)+\S/.test(l),
    message:
      'sets an environment variable before the command (VAR=x cmd): use a flag (npm run day:1 -- --port 4321) or the .env file',
  },
  {
    id: 'export',
    failsIn: ['powershell', 'cmd'],
    test: (l) => /^\s*export\s+[A-Za-z_]\w*=/.test(l),
    message: 'export is bash syntax: use a flag or the .env file',
  },
  {
    id: 'dev-null',
    failsIn: ['powershell', 'cmd'],
    test: (l) => l.includes('/dev/null'),
    message: '/dev/null does not exist on Windows',
  },
  {
    id: 'chaining',
    failsIn: ['powershell'],
    test: (_l, s) => /&&|\|\|/.test(s.bare),
    message: 'Windows PowerShell 5.1 has neither && nor ||: one command per line',
  },
  {
    id: 'substitution',
    failsIn: ['cmd'],
    test: (_l, s) => s.substitution,
    message: '$(...) is command substitution, which cmd does not have',
  },
  {
    id: 'continuation',
    failsIn: ['powershell', 'cmd'],
    test: (l) => /\s\\\s*$/.test(l),
    message: 'a backslash continues the line only in bash (PowerShell uses `, cmd ^): one line',
  },
  {
    id: 'single-quotes',
    failsIn: ['cmd'],
    test: (_l, s) => s.singleQuoted,
    message: "cmd does not treat ' as a quote: use double quotes",
  },
  {
    id: 'unix-pipe',
    failsIn: ['powershell', 'cmd'],
    test: (_l, s) => UNIX_TOOLS.test(s.bare),
    message: 'pipes into a Unix tool that Windows does not have',
  },
  {
    id: 'unix-command',
    failsIn: ['powershell', 'cmd'],
    test: (l) =>
      /^\s*(open|xdg-open|sudo|chmod|chown|openssl|grep|sed|awk|touch|which|source)\s/.test(l) ||
      /^\s*(rm\s+-\w*[rf]|cp\s+-\w*r)/.test(l),
    message: 'a Unix command that Windows does not have (or takes other flags there)',
  },
  {
    id: 'trailing-comment',
    failsIn: ['cmd'],
    test: (_l, s) => s.trailingComment,
    message: 'cmd passes a trailing # comment to the command as arguments: put it in the prose',
  },
];

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, k) => from + k);

export interface Offence {
  readonly line: number;
  readonly text: string;
  readonly message: string;
}

type Line = { n: number; text: string };

/** Inline code in prose (`PORT=4321 npm run day:1`) that is a command: typed as often as a
 * block. */
function inlineCommands(markdown: string, blocks: readonly CodeBlock[]): Line[] {
  const inBlock = new Set(blocks.flatMap((b) => range(b.open, b.close)));
  const found: Line[] = [];
  markdown.split(/\r?\n/).forEach((line, i) => {
    if (inBlock.has(i + 1)) return;
    for (const m of line.matchAll(/`([^`]+)`/g)) {
      const span = m[1] ?? '';
      if (COMMAND_START.test(span) || ENV_THEN_COMMAND.test(span))
        found.push({ n: i + 1, text: span });
    }
  });
  return found;
}

/** Every command a person is asked to type in one markdown file, block or inline. */
function documentedCommands(markdown: string): Line[] {
  const blocks = fencedBlocks(markdown);
  const inBlocks = blocks
    .filter((b) => b.lang === '' || ROLE[b.lang] !== undefined)
    .flatMap(commandLines);
  return [...inlineCommands(markdown, blocks), ...inBlocks].sort((a, b) => a.n - b.n);
}

/**
 * `npm run <script>` lines whose script package.json does not have. A placeholder such as
 * `day:N` or `<script>` stands for any script that starts like it.
 */
export function unknownScripts(markdown: string, scripts: ReadonlySet<string>): Offence[] {
  const offences: Offence[] = [];
  for (const { n, text } of documentedCommands(markdown)) {
    for (const m of text.matchAll(/\bnpm\s+run(?:-script)?\s+(?:--?[\w-]+\s+)*([^\s`'"]+)/g)) {
      const name = m[1] ?? '';
      const placeholder = /[A-Z<]/.exec(name);
      const known =
        placeholder === null
          ? scripts.has(name)
          : [...scripts].some((s) => s.startsWith(name.slice(0, placeholder.index)));
      if (!known)
        offences.push({
          line: n,
          text: text.trim(),
          message: `package.json has no script "${name}"`,
        });
    }
  }
  return offences;
}

/** Offending lines of one markdown file. */
export function shellOffences(markdown: string): Offence[] {
  const blocks = fencedBlocks(markdown);
  const lines = markdown.split(/\r?\n/);
  const role = (b: CodeBlock): Role | undefined =>
    b.lang === ''
      ? b.lines.some((l) => COMMAND_START.test(l.text))
        ? 'plain'
        : undefined
      : ROLE[b.lang];

  // A run of adjacent blocks (only blank lines between) holding exactly one posix, one
  // powershell and one cmd block is a group; each member is judged for its own shell.
  const grouped = new Map<CodeBlock, Shell>();
  for (let i = 0; i < blocks.length; i++) {
    const run = [blocks[i] as CodeBlock];
    while (i + 1 < blocks.length) {
      const prev = run[run.length - 1] as CodeBlock;
      const next = blocks[i + 1] as CodeBlock;
      const between = lines.slice(prev.close, next.open - 1);
      if (!between.every((l) => l.trim() === '') || role(next) === undefined) break;
      run.push(next);
      i++;
    }
    const roles = run.map(role);
    const complete =
      run.length === 3 && ['posix', 'powershell', 'cmd'].every((r) => roles.includes(r as Role));
    if (complete) {
      for (const b of run) {
        const r = role(b);
        grouped.set(b, r === 'posix' ? 'bash' : (r as Shell));
      }
    }
  }

  const offences: Offence[] = [];
  const judge = (n: number, text: string, shells: readonly Shell[]): void => {
    // The scan stops at a trailing comment, so every rule judges the command part only.
    const s = scan(text);
    for (const rule of RULES) {
      if (!rule.failsIn.some((shell) => shells.includes(shell))) continue;
      if (rule.test(s.code, s))
        offences.push({ line: n, text: text.trim(), message: rule.message });
    }
  };
  const everywhere: readonly Shell[] = ['bash', 'powershell', 'cmd'];

  for (const { n, text } of inlineCommands(markdown, blocks)) judge(n, text, everywhere);

  for (const block of blocks) {
    const r = role(block);
    if (r === undefined) continue;
    const own = grouped.get(block);
    if (own === undefined && (r === 'powershell' || r === 'cmd')) {
      offences.push({
        line: block.open,
        text: `\`\`\`${block.lang}`,
        message: `a ${r}-only block needs its siblings: adjacent bash, powershell and cmd blocks, or one command that needs no shell syntax`,
      });
      continue;
    }
    // A neutral block must work everywhere; a group member in its own shell only.
    for (const { n, text } of commandLines(block))
      judge(n, text, own === undefined ? everywhere : [own]);
  }
  return offences.sort((a, b) => a.line - b.line);
}

/** Every markdown file whose commands a learner or contributor types, grouped for the report. */
export function documentGroups(
  root: string,
  course: Course,
): Array<{ label: string; files: string[] }> {
  const groups = readyDays(course).map((day) => ({
    label: `day ${day.day}`,
    files: [
      lessonFile(root, day),
      briefFile(root, day),
      path.join(solutionDir(root, day), SOLUTION_NOTE),
    ],
  }));
  groups.push({ label: 'final/', files: [path.join(root, 'final', 'README.md')] });
  groups.push({
    label: 'README.md, CONTRIBUTING.md, exercises/README.md',
    files: ['README.md', 'CONTRIBUTING.md', path.join('exercises', 'README.md')].map((f) =>
      path.join(root, f),
    ),
  });
  return groups;
}

export function checkShellCommands(root: string, course: Course): Check[] {
  const packageJson = path.join(root, 'package.json');
  const scripts = new Set(
    fs.existsSync(packageJson)
      ? Object.keys(
          (JSON.parse(fs.readFileSync(packageJson, 'utf8')) as { scripts?: object }).scripts ?? {},
        )
      : [],
  );
  return documentGroups(root, course).map(({ label, files }) => {
    const problems: string[] = [];
    for (const file of files.filter((f) => fs.existsSync(f))) {
      const markdown = fs.readFileSync(file, 'utf8');
      for (const o of [...shellOffences(markdown), ...unknownScripts(markdown, scripts)]) {
        problems.push(`${relativePosix(root, file)}:${o.line}: ${o.text} — ${o.message}`);
      }
    }
    const name = `${label}: documented commands work in bash, PowerShell and cmd, and name scripts package.json has`;
    return problems.length === 0
      ? { name, ok: true }
      : { name, ok: false, detail: problems.join('\n') };
  });
}
