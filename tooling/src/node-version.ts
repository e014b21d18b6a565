// The Node.js version check every course command runs first: importing this module is the check.
// npm 11 already refuses to run a script on an unsupported Node (package.json `devEngines`), but
// npm 10, the one bundled with Node 20, ignores `devEngines`, and a command can be started with
// `node` directly. Below 22.14 (Node 20, or 22.13) better-sqlite3 13's Node-API binary crashes
// the process with a segmentation fault instead of an error: one clear line here is the
// difference. The supported range is read from package.json's `engines.node`, its one home.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const PACKAGE_JSON = path.join(__dirname, '..', '..', 'package.json');

/** The `engines.node` range of the course's package.json. */
export function supportedNodeRange(packageJson: string = PACKAGE_JSON): string {
  const manifest = JSON.parse(fs.readFileSync(packageJson, 'utf8')) as {
    engines?: { node?: unknown };
  };
  const range = manifest.engines?.node;
  if (typeof range !== 'string' || semver.validRange(range) === null) {
    throw new Error(`${packageJson} has no valid engines.node range`);
  }
  return range;
}

/** The major lines a range admits among `majors`, e.g. "22, 24 or 26". */
function describeLines(range: string, majors: readonly number[]): string {
  const lines = majors.filter((major) =>
    semver.intersects(range, `>=${major}.0.0 <${major + 1}.0.0`),
  );
  if (lines.length <= 1) return lines.join('');
  return `${lines.slice(0, -1).join(', ')} or ${lines[lines.length - 1]}`;
}

/**
 * The one line to print when `version` is outside `range`, or undefined when it is inside.
 * It names the running version, what is supported, and what to do.
 */
export function nodeVersionProblem(version: string, range: string): string | undefined {
  if (semver.satisfies(version, range)) return undefined;
  const running = semver.major(semver.coerce(version) ?? '0.0.0');
  const candidates = [...new Set([running, 20, 22, 24, 26])].sort((a, b) => a - b);
  const lines = describeLines(range, candidates);
  const todo =
    'Install one from https://nodejs.org, or run "nvm use" in the repository (.nvmrc names the recommended version).';
  // A supported line, but a release older than the range allows (e.g. 22.13 for ^22.14.0).
  const sameLine = new semver.Range(range).set
    .map((comparators) => comparators.map((c) => c.value).join(' '))
    .find((alternative) => semver.intersects(alternative, `${running}.x`));
  if (sameLine !== undefined) {
    return `error: Node.js ${version} is too old: the ${running} line needs ${semver.minVersion(sameLine)?.version} or later (package.json engines: "${range}"). ${todo}`;
  }
  return `error: Node.js ${version} is not supported: this course needs a maintained LTS line (${lines}; package.json engines: "${range}"). ${todo}`;
}

const problem = nodeVersionProblem(process.versions.node, supportedNodeRange());
if (problem !== undefined) {
  console.error(problem);
  process.exit(2);
}
