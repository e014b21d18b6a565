// The config module is the only place that reads the environment. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.
import { randomBytes } from 'node:crypto';
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
  readonly jwt: {
    readonly secret: string;
    /** True when JWT_SECRET was not set and a random per-process secret is used (dev/test only). */
    readonly ephemeralSecret: boolean;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly bcrypt: {
    /** The work factor: each step up doubles the time one hash takes. */
    readonly cost: number;
  };
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
const MAX_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * Reads, validates and freezes the configuration. Pure: it only looks at `env`, so tests
 * pass a plain object instead of mutating process.env.
 */
export function loadConfig(env: Env): Config {
  const read = new EnvReader(env);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const isTest = nodeEnv === 'test';

  // The HMAC key of every access token: whoever knows it can mint a token for any user.
  const jwtSecret = read.string('JWT_SECRET', '');
  if (jwtSecret === '' && isProduction)
    read.report('JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecret !== '' && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    read.report('JWT_SECRET must be at least 32 bytes long');
  }

  const config: Config = {
    nodeEnv,
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    // npm sets npm_package_version for the scripts it runs; plain `node` has neither.
    version: read.string('APP_VERSION', read.string('npm_package_version', '0.0.0-dev')),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, {
      min: 1,
      max: MAX_BODY_LIMIT_BYTES,
    }),
    // One file per day snapshot, relative to where the server starts (the repository root for
    // npm run day:6): each day's schema is its own, and final/ uses data/app.db.
    dbPath: read.string('DB_PATH', 'data/day-06.db'),
    jwt: {
      // Outside production a random secret keeps the server usable; tokens die with the process.
      secret: jwtSecret === '' ? randomBytes(48).toString('base64url') : jwtSecret,
      ephemeralSecret: jwtSecret === '',
      issuer: read.string('JWT_ISSUER', 'enterprise-express'),
      audience: read.string('JWT_AUDIENCE', 'enterprise-express-api'),
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', MAX_ACCESS_TOKEN_TTL_SECONDS, {
        min: 30,
        max: MAX_ACCESS_TOKEN_TTL_SECONDS,
      }),
      refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', 7 * DAY_SECONDS, {
        min: 60,
        max: 90 * DAY_SECONDS,
      }),
    },
    bcrypt: {
      // Cost 4 is the bcrypt minimum: fast enough for test suites, far too weak for real users.
      cost: read.int('BCRYPT_COST', isTest ? 4 : 12, { min: isProduction ? 10 : 4, max: 15 }),
    },
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return deepFreeze(config);
}

/** Object.freeze is shallow: `config.jwt.secret = ...` would still work without this. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
