// How an exercise's test file fails on its starter decides whether the exercise is sound.
// Every test of the file must fail, and for the right reason: an unmet expectation or the
// starter's own `TODO(exercise N.M)` error. A test that already passes proves nothing; one that
// fails on a crash, a load error, another exercise's TODO or a timeout proves the wrong thing.
import type { FileResult, TestFailure } from './jest';

export type StarterVerdict =
  | { readonly ok: true; readonly how: 'unmet expectation' | 'TODO error' }
  | { readonly ok: false; readonly why: string };

/** Jest's text for an unmet matcher; kept for results that carry no failure details. */
const MATCHER_FAILURE = /expect\(/;
const CRASH = /^\s*(TypeError|ReferenceError|SyntaxError|RangeError)\b/m;
const TIMEOUT = /Exceeded timeout of \d+ ?ms/;
const ANY_TODO = /TODO\(exercise \d+\.\d+\)/;

export function classifyStarterRun(exerciseId: string, result: FileResult): StarterVerdict {
  if (result.loadError !== undefined) {
    return { ok: false, why: `the test file does not load: ${oneLine(result.loadError)}` };
  }
  if (result.tests.length === 0 && result.failures.length === 0) {
    return { ok: false, why: 'the test file holds no test' };
  }
  const problems: string[] = [];
  for (const t of result.tests) {
    if (t.status === 'passed') problems.push(`"${t.name}" already passes on the starter`);
    if (t.status === 'skipped') problems.push(`"${t.name}" is skipped, so it proves nothing`);
  }
  let sawTodo = false;
  for (const failure of result.failures) {
    const reason = wrongReason(exerciseId, failure);
    if (reason === 'own TODO') sawTodo = true;
    else if (reason !== undefined) problems.push(reason);
  }
  if (problems.length > 0) return { ok: false, why: problems.join('\n') };
  return { ok: true, how: sawTodo ? 'TODO error' : 'unmet expectation' };
}

/** Why one failing test fails for the wrong reason; `own TODO` and undefined are right ones. */
function wrongReason(exerciseId: string, failure: TestFailure): string | 'own TODO' | undefined {
  const { name, message } = failure;
  if (message.includes(`TODO(exercise ${exerciseId})`)) return 'own TODO';
  if (ANY_TODO.test(message)) return `"${name}" fails on another exercise's TODO`;
  if (TIMEOUT.test(message)) return `"${name}" times out instead of failing an expectation`;
  const unmet = failure.unmetExpectation || MATCHER_FAILURE.test(message);
  if (unmet) return undefined;
  if (CRASH.test(message)) return `"${name}" crashes: ${oneLine(message)}`;
  return `"${name}" fails without an expectation or a TODO: ${oneLine(message)}`;
}

export function oneLine(message: string, max = 160): string {
  const line = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
