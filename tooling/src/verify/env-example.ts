// `.env.example` documents every variable a configuration reads, and its active lines are
// the code's own defaults, so copying it to `.env` changes nothing. The check runs the real
// loadConfig: the names come from a recording Proxy passed as the environment, the defaults
// from comparing what loadConfig builds with and without the file's values.
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual, parseEnv } from 'node:util';
import { type Course, dayDir, readyDays } from '../course';
import { relativePosix } from '../files';
import type { Check } from './checks';

export const ENV_EXAMPLE = '.env.example';
const NODE_ENVS = ['development', 'test', 'production'] as const;
/** A value no default could equal, for finding variables whose default is random. */
const PROBE = 'env-example-check-probe-value-0123456789abcdefghijklmnopqrstuvwxyz';

export interface EnvEntry {
  readonly name: string;
  /** The value as Node's .env parser (process.loadEnvFile) reads it; for a commented
   * variable, the example after `#`. */
  readonly value: string;
  /** `NAME=value` (active) or `# NAME=value` (no fixed default). */
  readonly active: boolean;
  readonly line: number;
}

const ACTIVE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/;
// A commented variable is `# NAME=value` with one token as value (quoted if it has spaces);
// `# PORT=0 picks a free port` is a sentence about PORT, not an entry.
const COMMENTED = /^#\s?([A-Z][A-Z0-9_]*)=("[^"]*"|'[^']*'|\S*)\s*$/;

export function parseEnvExample(text: string): { entries: EnvEntry[]; problems: string[] } {
  const entries: EnvEntry[] = [];
  const problems: string[] = [];
  const parsed = parseEnv(text);
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const commented = COMMENTED.exec(raw);
    if (commented?.[1] !== undefined) {
      const value = (commented[2] ?? '').replace(/^(["'])(.*)\1$/, '$2');
      entries.push({ name: commented[1], value, active: false, line });
      return;
    }
    if (raw.trimStart().startsWith('#')) return; // a description of the variable below
    const active = ACTIVE.exec(raw);
    if (active?.[1] !== undefined) {
      entries.push({ name: active[1], value: parsed[active[1]] ?? '', active: true, line });
      return;
    }
    problems.push(`line ${line} is neither a comment nor NAME=value: ${raw.trim()}`);
  });
  return { entries, problems };
}

type LoadConfig = (env: Record<string, string | undefined>) => unknown;

/** Every environment name `loadConfig` looks at when called under `nodeEnv`. */
export function namesRead(loadConfig: LoadConfig, nodeEnv: string): Set<string> {
  const names = new Set<string>();
  const note = (p: string | symbol): void => {
    if (typeof p === 'string' && /^[A-Z][A-Z0-9_]*$/.test(p)) names.add(p);
  };
  const env = new Proxy<Record<string, string | undefined>>(
    { NODE_ENV: nodeEnv },
    {
      get(target, p) {
        note(p);
        return Reflect.get(target, p);
      },
      has(target, p) {
        note(p);
        return Reflect.has(target, p);
      },
      getOwnPropertyDescriptor(target, p) {
        note(p);
        return Reflect.getOwnPropertyDescriptor(target, p);
      },
    },
  );
  try {
    loadConfig(env);
  } catch {
    // A ConfigError (production without its secrets) still read every name on the way.
  }
  return names;
}

interface Difference {
  readonly path: string;
  readonly with: unknown;
  readonly without: unknown;
}

/** Leaf-by-leaf differences between two configurations, as `config.a.b` paths. */
export function differences(a: unknown, b: unknown, at = 'config'): Difference[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences(a[k], b[k], `${at}.${k}`));
  }
  return isDeepStrictEqual(a, b) ? [] : [{ path: at, with: a, without: b }];
}

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

/** Runs loadConfig; a thrown error becomes its message. */
function attempt(
  loadConfig: LoadConfig,
  env: Record<string, string>,
): { config?: unknown; error?: string } {
  try {
    return { config: loadConfig(env) };
  } catch (error) {
    return { error: error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error) };
  }
}

/** Compares one configuration module with its .env.example; returns the problems found. */
export function compareEnvExample(loadConfig: LoadConfig, text: string, file: string): string[] {
  const { entries, problems } = parseEnvExample(text);
  const read = new Set(NODE_ENVS.flatMap((n) => [...namesRead(loadConfig, n)]));
  const listed = new Map<string, EnvEntry>();
  for (const e of entries) {
    const first = listed.get(e.name);
    if (first) problems.push(`${e.name} appears twice (lines ${first.line} and ${e.line})`);
    else listed.set(e.name, e);
  }
  for (const name of [...read].sort()) {
    if (!listed.has(name)) problems.push(`${name} is read by loadConfig but not in ${file}`);
  }
  for (const name of [...listed.keys()].sort()) {
    if (!read.has(name)) problems.push(`${name} is in ${file} but loadConfig never reads it`);
  }

  const base = { NODE_ENV: 'development' };
  const baseline = attempt(loadConfig, base);
  if (baseline.error !== undefined) {
    return [...problems, `loadConfig({ NODE_ENV: 'development' }) fails: ${baseline.error}`];
  }
  // Fields that differ between two identical calls (a random secret) are not defaults.
  const randomPaths = (config: unknown, env: Record<string, string>): Set<string> =>
    new Set(differences(config, attempt(loadConfig, env).config).map((d) => d.path));
  const random = randomPaths(baseline.config, base);
  const comparable = (diffs: Difference[]): Difference[] =>
    diffs.filter((d) => !random.has(d.path));

  const active = [...listed.values()].filter((e) => e.active);
  const beforeValues = problems.length;
  for (const e of active) {
    if (e.value === '') {
      // Empty is how a person leaves a variable unset: no default a user would write.
      problems.push(
        `${e.name}= (line ${e.line}) is active with an empty value: a variable without a fixed default is written commented, # ${e.name}=<example>`,
      );
      continue;
    }
    const env = { ...base, [e.name]: e.value };
    const run = attempt(loadConfig, env);
    if (run.error !== undefined) {
      problems.push(`${e.name}=${e.value} (line ${e.line}) is refused by loadConfig: ${run.error}`);
      continue;
    }
    for (const d of comparable(differences(run.config, baseline.config))) {
      problems.push(
        `${e.name}=${e.value} (line ${e.line}) sets ${d.path} to ${show(d.with)}, but the code's default is ${show(d.without)}`,
      );
    }
    // A variable that replaces a random value has no fixed default: it must be commented.
    const probeEnv = { ...base, [e.name]: PROBE };
    const probe = attempt(loadConfig, probeEnv);
    if (probe.config !== undefined) {
      const stillRandom = randomPaths(probe.config, probeEnv);
      const fixed = [...random].filter((p) => !stillRandom.has(p));
      if (fixed.length > 0) {
        problems.push(
          `${e.name} (line ${e.line}) has no fixed default (${fixed.join(', ')} is random when it is unset): write it commented, # ${e.name}=…`,
        );
      }
    }
  }
  const all = attempt(loadConfig, {
    ...base,
    ...Object.fromEntries(active.map((e) => [e.name, e.value])),
  });
  // Each value alone matched; together they still must (one may depend on another).
  const valuesOk = problems.length === beforeValues;
  if (all.config !== undefined && valuesOk) {
    for (const d of comparable(differences(all.config, baseline.config))) {
      problems.push(
        `all active values together set ${d.path} to ${show(d.with)}, but the code's default is ${show(d.without)}`,
      );
    }
  } else if (all.error !== undefined && valuesOk) {
    problems.push(`all active values together are refused by loadConfig: ${all.error}`);
  }
  return problems;
}

export interface ConfigTarget {
  /** `day 3` or `final/`. */
  readonly label: string;
  /** The folder that holds src/ and, beside it, .env.example. */
  readonly dir: string;
  /** The config module to run: the day's, or its solved copy's when the solution changes it. */
  readonly module: string;
}

/** Ready days (their solved copies when made, since a starter's loadConfig may be an
 * exercise) and final/, each with its config module. */
export function configTargets(
  root: string,
  course: Course,
  solvedCopies: ReadonlyMap<string, string>,
): ConfigTarget[] {
  const configModule = (dir: string): string => path.join(dir, 'src', 'config', 'index.ts');
  const targets: ConfigTarget[] = readyDays(course).map((day) => ({
    label: `day ${day.day}`,
    dir: dayDir(root, day),
    module: configModule(solvedCopies.get(day.slug) ?? dayDir(root, day)),
  }));
  const final = path.join(root, 'final');
  if (fs.existsSync(configModule(final))) {
    targets.push({ label: 'final/', dir: final, module: configModule(final) });
  }
  return targets.filter((t) => fs.existsSync(t.module));
}

/** One check per configuration that exports loadConfig: its .env.example exists and matches. */
export function checkEnvExamples(root: string, targets: readonly ConfigTarget[]): Check[] {
  const checks: Check[] = [];
  for (const t of targets) {
    const file = relativePosix(root, path.join(t.dir, ENV_EXAMPLE));
    const name = `${t.label}: ${file} lists exactly what loadConfig reads, active lines at the code's defaults`;
    let loadConfig: unknown;
    try {
      loadConfig = (require(t.module) as { loadConfig?: unknown }).loadConfig;
    } catch (error) {
      checks.push({
        name,
        ok: false,
        detail: `cannot load ${relativePosix(root, t.module)}: ${String(error)}`,
      });
      continue;
    }
    if (typeof loadConfig !== 'function') continue;
    const load = loadConfig as LoadConfig;
    const abs = path.join(t.dir, ENV_EXAMPLE);
    if (!fs.existsSync(abs)) {
      const names = [...new Set(NODE_ENVS.flatMap((n) => [...namesRead(load, n)]))].sort();
      checks.push({
        name,
        ok: false,
        detail: `${file} is missing: document ${names.join(', ')}`,
      });
      continue;
    }
    const problems = compareEnvExample(load, fs.readFileSync(abs, 'utf8'), file);
    checks.push(
      problems.length === 0 ? { name, ok: true } : { name, ok: false, detail: problems.join('\n') },
    );
  }
  return checks;
}
