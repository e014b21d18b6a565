// The config module is the only place that reads the environment. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.
import { type Env, EnvReader } from './env-reader';

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
  /** SQLite file, created with its folder if missing; ':memory:' for a throwaway database. */
  readonly dbPath: string;
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

export function loadConfig(env: Env): Config {
  const read = new EnvReader(env);
  const config: Config = {
    nodeEnv: read.oneOf('NODE_ENV', NODE_ENVS, 'development'),
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    // npm sets npm_package_version for the scripts it runs; plain `node` has neither.
    version: read.string('APP_VERSION', read.string('npm_package_version', '0.0.0-dev')),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, {
      min: 1,
      max: MAX_BODY_LIMIT_BYTES,
    }),
    // One file per day snapshot, relative to where the server starts (the repository root for
    // npm run day:5): each day's schema is its own, and final/ uses data/app.db.
    dbPath: read.string('DB_PATH', 'data/day-05.db'),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return Object.freeze(config);
}
