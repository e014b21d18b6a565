// The config module is the only place that reads process.env. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  /** 0 asks the OS for a free port (tests, parallel runs). */
  readonly port: number;
  readonly version: string;
  /** The largest JSON request body accepted, in bytes: a bigger one is refused, never buffered. */
  readonly bodyLimitBytes: number;
}

/** Thrown when the environment cannot produce a valid Config; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** 100 KiB, body-parser's default: plenty for JSON commands, small enough to parse cheaply. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;
const MAX_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env): Config {
  const problems: string[] = [];

  const nodeEnv = env.NODE_ENV ?? 'development';
  if (!isNodeEnv(nodeEnv)) {
    problems.push(`NODE_ENV must be one of ${NODE_ENVS.join(', ')} (got "${nodeEnv}")`);
  }

  const port = parsePort(env.PORT ?? '3000');
  if (port === undefined) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${env.PORT}")`);
  }

  const bodyLimitBytes = parseBodyLimit(env.BODY_LIMIT_BYTES ?? String(DEFAULT_BODY_LIMIT_BYTES));
  if (bodyLimitBytes === undefined) {
    problems.push(
      `BODY_LIMIT_BYTES must be an integer from 1 to ${MAX_BODY_LIMIT_BYTES} (got "${env.BODY_LIMIT_BYTES}")`,
    );
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return Object.freeze({
    nodeEnv: nodeEnv as NodeEnv,
    host: env.HOST || '127.0.0.1', // empty means unset: '' would listen on every interface
    port: port as number,
    version: env.APP_VERSION ?? env.npm_package_version ?? '0.0.0-dev',
    bodyLimitBytes: bodyLimitBytes as number,
  });
}

// A type guard: after `isNodeEnv(x)` returns true the compiler knows x is a NodeEnv.
function isNodeEnv(value: string): value is NodeEnv {
  return (NODE_ENVS as readonly string[]).includes(value);
}

// Number('') is 0 and Number('1e3') is 1000: accept plain decimal digits only.
function parsePort(raw: string): number | undefined {
  if (!/^\d{1,5}$/.test(raw)) return undefined;
  const port = Number(raw);
  return port <= 65535 ? port : undefined;
}

function parseBodyLimit(raw: string): number | undefined {
  if (!/^\d{1,8}$/.test(raw)) return undefined;
  const bytes = Number(raw);
  return bytes >= 1 && bytes <= MAX_BODY_LIMIT_BYTES ? bytes : undefined;
}
