// No Docker engine runs in CI, so the container files are checked for what matters and the
// Dockerfile's HEALTHCHECK command is executed for real against the built server (it is plain
// `node -e`, exactly what the container runs).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  ensureBuilt,
  finalDir,
  killQuietly,
  removeTempDirs,
  serverEnv,
  type Started,
  startServer,
  tempDir,
} from './process-helpers';

afterAll(removeTempDirs);

// Ceilings for a server that never comes up, not expectations of speed: a loaded 2-core CI
// machine can take seconds to start a Node process.
jest.setTimeout(60_000);

const dockerfile = fs.readFileSync(path.join(finalDir, 'Dockerfile'), 'utf8');
const dockerignore = fs.readFileSync(path.join(finalDir, 'Dockerfile.dockerignore'), 'utf8');
const compose = fs.readFileSync(path.join(finalDir, 'compose.yaml'), 'utf8');

/** The instructions of the last stage (the runtime image), continuation lines joined. */
function runtimeStage(): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, ' ');
  const stages = joined.split(/^FROM /m);
  return (stages[stages.length - 1] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

function healthcheckCommand(): string[] {
  const line = runtimeStage().find((l) => l.startsWith('HEALTHCHECK'));
  const exec = line?.match(/CMD (\[.*\])$/)?.[1];
  if (!exec) throw new Error('no exec-form HEALTHCHECK CMD in the runtime stage');
  return JSON.parse(exec) as string[];
}

function runHealthcheck(port: number): Promise<number> {
  const [command, ...args] = healthcheckCommand();
  expect(command).toBe('node');
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { PORT: String(port) }, timeout: 10_000 }, (error) =>
      resolve(error ? Number((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

describe('final/Dockerfile', () => {
  test('is multi-stage: a build stage with a compiler toolchain, a slim runtime stage', () => {
    const froms = dockerfile.match(/^FROM .+$/gm) ?? [];
    expect(froms.length).toBeGreaterThanOrEqual(2);
    expect(froms[froms.length - 1]).toMatch(
      /node:\$\{NODE_VERSION\}-bookworm-slim|node:20[^ ]*slim/,
    );
    expect(dockerfile).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    for (const step of ['npm ci', 'npm run build', 'npm prune --omit=dev']) {
      expect(dockerfile).toContain(step);
    }
  });

  test('runs node itself as a non-root user, with a data volume and SIGTERM as stop signal', () => {
    const runtime = runtimeStage();
    expect(runtime).toContain('USER node');
    expect(
      runtime.some((l) => /^CMD \["node", (".*", )?"final\/dist\/server\.js"\]$/.test(l)),
    ).toBe(true);
    expect(runtime).toContain('STOPSIGNAL SIGTERM');
    expect(runtime.some((l) => /^VOLUME \["\/data"\]$/.test(l))).toBe(true);
    expect(runtime.join('\n')).toMatch(/DB_PATH=\/data\/app\.db/);
    // No dev dependencies or sources in the runtime image, no curl for the health check.
    expect(runtime.join('\n')).not.toMatch(/curl|wget|COPY --from=build[^\n]*final\/src/);
  });

  test('starts node with the same flags as `npm start`', () => {
    const cmd = runtimeStage()
      .find((l) => l.startsWith('CMD '))
      ?.slice('CMD '.length);
    const exec = JSON.parse(cmd ?? '[]') as string[];
    const start = (
      JSON.parse(fs.readFileSync(path.join(finalDir, '..', 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts['start'];
    expect(exec.join(' ')).toBe(start);
  });

  test('the build context leaves out tests, data, local builds and node_modules', () => {
    for (const pattern of [
      'final/test/',
      'final/dist/',
      '**/node_modules/',
      '**/*.db',
      '**/.env',
    ]) {
      expect(dockerignore.split('\n')).toContain(pattern);
    }
  });

  describe('HEALTHCHECK against the built server', () => {
    let server: Started | undefined;
    beforeAll(() => ensureBuilt(), 120_000);
    afterAll(() => killQuietly(server));

    test('exits 0 while /health answers and 1 once the server is gone', async () => {
      server = await startServer(serverEnv({ DB_PATH: path.join(tempDir('final-hc'), 'app.db') }));
      expect(await runHealthcheck(server.port)).toBe(0);
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(await runHealthcheck(server.port)).toBe(1);
    });
  });
});

describe('final/compose.yaml', () => {
  test('puts nginx with the shipped config in front of the app, which trusts exactly one hop', () => {
    expect(compose).toMatch(/dockerfile: final\/Dockerfile/);
    expect(compose).toMatch(/- \.\/nginx\/nginx\.conf:\/etc\/nginx\/nginx\.conf:ro/);
    expect(compose).toMatch(/TRUST_PROXY: "1"/);
    expect(compose).toMatch(/app-data:\/data/);
    expect(compose).toMatch(/condition: service_healthy/);
    // The nginx upstream name is the compose service name.
    const conf = fs.readFileSync(path.join(finalDir, 'nginx', 'nginx.conf'), 'utf8');
    expect(conf).toMatch(/server app:3000/);
    expect(compose).toMatch(/^ {2}app:$/m);
  });
});
