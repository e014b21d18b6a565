// Command lines declared as data. Each command says which positionals and options it takes;
// one parser (node:util parseArgs, strict) reads them, so an unknown or misspelt flag is an
// error with a suggestion instead of being silently ignored, and the usage text is generated
// from the same declarations, so it cannot drift from what the parser accepts.
import { parseArgs } from 'node:util';
import { CourseError } from './errors';

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly description: string;
  /** How a string option's value is shown in the usage text, e.g. `<port>`. */
  readonly value?: string;
}

export interface PositionalSpec {
  /** As shown in the usage text, e.g. `N | N.M`. */
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  /** Already part of the npm script's name (`day:N`), so not typed after `--`. */
  readonly inScript?: boolean;
}

export interface CommandSpec {
  /** The word the CLI dispatches on (`check`); `test` for the integrity check. */
  readonly name: string;
  /** The npm script a person types: `check` → `npm run check --`, `test` → `npm test --`. */
  readonly script: string;
  readonly summary: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
}

export interface ParsedArgs {
  /** Positionals by their declared name, in order. */
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | undefined>>;
  readonly help: boolean;
}

/** A command line the person typed wrongly: one line on stderr, exit code 2. */
export class UsageError extends CourseError {}

const HELP: OptionSpec = { type: 'boolean', description: 'show this help' };

export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = { ...spec.options, help: HELP };
  const config = {
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(options).map(([name, o]) => [
        name,
        name === 'help' ? { type: o.type, short: 'h' } : { type: o.type },
      ]),
    ),
    allowPositionals: true,
  };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ ...config, strict: true }) as typeof parsed;
  } catch (error) {
    throw new UsageError(explain(spec, argv, error));
  }
  const help = parsed.values.help === true;
  // A positional the npm script supplies (day:N runs `day N`) arrives here like a typed one.
  const max = spec.positionals.length;
  if (!help && parsed.positionals.length > max) {
    const extra = parsed.positionals[max];
    throw new UsageError(`unexpected argument "${extra}": usage: ${synopsis(spec)}`);
  }
  const { help: _help, ...values } = parsed.values;
  return { positionals: parsed.positionals, options: values, help };
}

/** Turns parseArgs' multi-line error into one line naming the flag, with a suggestion. */
function explain(spec: CommandSpec, argv: readonly string[], error: unknown): string {
  const declared = Object.keys(spec.options);
  const flags = [...declared.map((n) => `--${n}`), '--help'];
  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(spec.options).map(([n, o]) => [n, { type: o.type }]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = t.name === 'help' || t.name === 'h' ? HELP : spec.options[t.name];
    // Strict parsing stops at the first bad token, so the first one found here is the culprit.
    if (o === undefined) {
      const near = nearest(t.rawName, flags);
      return near === undefined
        ? `unknown option ${t.rawName} (valid options: ${flags.join(', ')})`
        : `unknown option ${t.rawName} (did you mean ${near}?)`;
    }
    if (o?.type === 'boolean' && t.inlineValue === true) {
      return `option --${t.name} takes no value`;
    }
    const missing = t.value === undefined || (t.inlineValue !== true && t.value.startsWith('-'));
    if (o?.type === 'string' && missing) {
      return `option --${t.name} needs a value: --${t.name} ${o.value ?? '<value>'}`;
    }
  }
  return String((error as Error).message).split('\n')[0] ?? 'invalid arguments';
}

/** The candidate closest to `word` by edit distance, if close enough to be a typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  // Up to 2 edits, or a third of the word: --wach, --wacth, --solve are typos; --port for
  // --watch is not.
  const bare = word.replace(/^-+/, '');
  return bestDistance <= Math.max(2, Math.floor(bare.length / 3)) ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters (the commonest typo) each cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, at(i - 2, j - 2) + 1);
      }
      (d[i] as number[])[j] = v;
    }
  }
  return at(a.length, b.length);
}

const invocation = (spec: CommandSpec): string =>
  spec.script === 'test' ? 'npm test' : `npm run ${spec.script}`;

/** `npm run check -- <N | N.M> [--watch]` */
export function synopsis(spec: CommandSpec): string {
  const parts = [
    ...spec.positionals
      .filter((p) => !p.inScript)
      .map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)),
    ...Object.entries(spec.options).map(([name, o]) =>
      o.type === 'string' ? `[--${name} ${o.value ?? '<value>'}]` : `[--${name}]`,
    ),
  ];
  return parts.length === 0 ? invocation(spec) : `${invocation(spec)} -- ${parts.join(' ')}`;
}

/** The text `--help` prints for one command. */
export function usage(spec: CommandSpec): string {
  const rows: Array<[string, string]> = [
    ...spec.positionals.map((p): [string, string] => [p.name, p.description]),
    ...Object.entries(spec.options).map(([name, o]): [string, string] => [
      o.type === 'string' ? `--${name} ${o.value ?? '<value>'}` : `--${name}`,
      o.description,
    ]),
    ['-h, --help', HELP.description],
  ];
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    `usage: ${synopsis(spec)}`,
    '',
    spec.summary,
    '',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
  ].join('\n');
}

/** Every command, one line each: what `npm run` of the CLI without a command prints. */
export function overview(specs: readonly CommandSpec[]): string {
  const rows = specs.map((s) => [synopsis(s), s.summary.split('\n')[0] ?? ''] as const);
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return [
    'usage:',
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`),
    '',
    "Add --help for a command's options, e.g. npm run check -- --help",
  ].join('\n');
}
