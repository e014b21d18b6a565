// Proves, on a fixture course, that the .env.example check runs the real loadConfig and
// catches every way the file can disagree with it.
import fs from 'node:fs';
import path from 'node:path';
import {
  checkEnvExamples,
  compareEnvExample,
  configTargets,
  parseEnvExample,
} from '../src/verify/env-example';
import { course, makeFixture, removeFixture } from './fixture';

// A configuration with each kind of variable: fixed defaults (NODE_ENV, PORT, HOST), a
// random one (SECRET), one derived from NODE_ENV (LOG_FORMAT) and an optional one.
const CONFIG = `import { randomBytes } from 'node:crypto';

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env) {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const port = Number(env.PORT ?? '3000');
  if (!Number.isInteger(port)) throw new Error(\`PORT must be an integer (got "\${env.PORT}")\`);
  if (nodeEnv === 'production' && !env.SECRET) throw new Error('SECRET is required in production');
  return Object.freeze({
    nodeEnv,
    port,
    host: env.HOST || '127.0.0.1',
    secret: env.SECRET || randomBytes(16).toString('hex'),
    logFormat: env.LOG_FORMAT ?? (nodeEnv === 'development' ? 'dev' : 'json'),
    version: env.APP_VERSION ?? env.npm_package_version ?? '0.0.0-dev',
    metricsToken: env.METRICS_TOKEN || undefined,
  });
}
`;

const SOUND = `# development, test or production.
NODE_ENV=development
# Where to listen (PORT=0: any free port).
PORT=3000
HOST=127.0.0.1
# Random per process when unset; required in production.
# SECRET=a-long-random-string
# dev in development, json elsewhere.
# LOG_FORMAT=json
# Defaults to the package version.
# APP_VERSION=1.2.3
# METRICS_TOKEN="a token with spaces"
`;

describe('the .env.example check', () => {
  let root: string;
  const example = (): string => path.join(root, 'days', '01-demo', '.env.example');
  const check = () => {
    const checks = checkEnvExamples(root, configTargets(root, course, new Map()));
    expect(checks).toHaveLength(1);
    return checks[0]!;
  };

  beforeAll(() => {
    root = makeFixture('env');
    fs.mkdirSync(path.join(root, 'days', '01-demo', 'src', 'config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'days', '01-demo', 'src', 'config', 'index.ts'), CONFIG);
  });
  afterAll(() => removeFixture(root));

  it('fails for a configuration without its .env.example, naming what to document', () => {
    if (fs.existsSync(example())) fs.rmSync(example());
    expect(check()).toMatchObject({
      ok: false,
      detail:
        'days/01-demo/.env.example is missing: document APP_VERSION, HOST, LOG_FORMAT, METRICS_TOKEN, NODE_ENV, PORT, SECRET',
    });
  });

  it("accepts a file that names every variable once, active ones at the code's defaults", () => {
    fs.writeFileSync(example(), SOUND);
    expect(check()).toEqual({
      ok: true,
      name: "day 1: days/01-demo/.env.example lists exactly what loadConfig reads, active lines at the code's defaults",
    });
  });

  it('names each variable that disagrees with the code, with both values', () => {
    fs.writeFileSync(
      example(),
      [
        'NODE_ENV=development',
        'PORT=8080',
        'SECRET=0123456789abcdef0123456789abcdef',
        'LOG_FORMAT=json',
        'METRICS_TOKEN=',
        'UNUSED=1',
        '# APP_VERSION=1.2.3',
        '# PORT=3000',
        '',
      ].join('\n'),
    );
    const result = check();
    expect(result.ok).toBe(false);
    expect(result.detail?.split('\n')).toEqual([
      'PORT appears twice (lines 2 and 8)',
      'HOST is read by loadConfig but not in days/01-demo/.env.example',
      'UNUSED is in days/01-demo/.env.example but loadConfig never reads it',
      "PORT=8080 (line 2) sets config.port to 8080, but the code's default is 3000",
      'SECRET (line 3) has no fixed default (config.secret is random when it is unset): write it commented, # SECRET=…',
      `LOG_FORMAT=json (line 4) sets config.logFormat to "json", but the code's default is "dev"`,
      'METRICS_TOKEN= (line 5) is active with an empty value: a variable without a fixed default is written commented, # METRICS_TOKEN=<example>',
    ]);
  });

  it('reports a value loadConfig refuses', () => {
    const load = require(
      path.join(root, 'days', '01-demo', 'src', 'config', 'index.ts'),
    ).loadConfig;
    const problems = compareEnvExample(
      load,
      SOUND.replace('PORT=3000', 'PORT=http'),
      '.env.example',
    );
    expect(problems).toEqual([
      'PORT=http (line 4) is refused by loadConfig: PORT must be an integer (got "http")',
    ]);
  });

  it("parses entries as Node's .env loader does, telling a commented variable from prose", () => {
    const { entries, problems } = parseEnvExample(
      [
        '# PORT=0 picks any free port (a sentence, not an entry)',
        'export HOST="127.0.0.1" # inline comment',
        '#DB_PATH=:memory:',
        'not an entry',
      ].join('\n'),
    );
    expect(entries).toEqual([
      { name: 'HOST', value: '127.0.0.1', active: true, line: 2 },
      { name: 'DB_PATH', value: ':memory:', active: false, line: 3 },
    ]);
    expect(problems).toEqual(['line 4 is neither a comment nor NAME=value: not an entry']);
  });
});
