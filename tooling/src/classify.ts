// How an exercise's test file failed on its starter decides whether the exercise is sound:
// it must fail because an expectation is unmet or because the starter throws
// `TODO(exercise N.M)`, never because the code does not load or crashes on a typo.
import type { FileResult } from './jest';

export type StarterVerdict =
  | { readonly ok: true; readonly how: 'unmet expectation' | 'TODO error' }
  | { readonly ok: false; readonly why: string };

const MATCHER_FAILURE = /expect\(/;
const CRASH = /^\s*(TypeError|ReferenceError|SyntaxError|RangeError)\b/m;

export function classifyStarterRun(exerciseId: string, result: FileResult): StarterVerdict {
  if (result.loadError !== undefined) {
    return { ok: false, why: `the test file does not load: ${oneLine(result.loadError)}` };
  }
  if (result.passed || result.failures.length === 0) {
    return { ok: false, why: 'its test already passes on the starter' };
  }
  const todo = `TODO(exercise ${exerciseId})`;
  let sawTodo = false;
  for (const failure of result.failures) {
    if (failure.message.includes(todo)) {
      sawTodo = true;
      continue;
    }
    if (/TODO\(exercise \d+\.\d+\)/.test(failure.message)) {
      return { ok: false, why: `"${failure.name}" fails on another exercise's TODO` };
    }
    if (CRASH.test(failure.message) && !MATCHER_FAILURE.test(failure.message)) {
      return { ok: false, why: `"${failure.name}" crashes: ${oneLine(failure.message)}` };
    }
    if (!MATCHER_FAILURE.test(failure.message)) {
      return {
        ok: false,
        why: `"${failure.name}" fails without an expectation or a TODO: ${oneLine(failure.message)}`,
      };
    }
  }
  return { ok: true, how: sawTodo ? 'TODO error' : 'unmet expectation' };
}

export function oneLine(message: string, max = 160): string {
  const line = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
