// The config module is the only place that reads the environment. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { type Env, EnvReader } from './env-reader';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** json: one JSON line per request (for machines); dev: morgan's one-line console format. */
export const ACCESS_LOG_FORMATS = ['json', 'dev'] as const;
export type AccessLogFormat = (typeof ACCESS_LOG_FORMATS)[number];

/**
 * Express `trust proxy` values we accept. `true` is deliberately not representable: it
 * trusts every X-Forwarded-For hop, so any client could pick its own IP and dodge rate limits.
 */
export type TrustProxy = false | number | readonly string[];

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
  /** How long a write waits for another connection's lock before answering 503. */
  readonly dbBusyTimeoutMs: number;
  /**
   * A postgres:// URL selects PostgreSQL (several instances on one database) instead of the
   * SQLite file; undefined keeps SQLite. The pool is bounded by `postgres`.
   */
  readonly databaseUrl: string | undefined;
  readonly postgres: {
    /** Connections per instance at most; requests beyond wait for one. */
    readonly poolMax: number;
    /** How long a query waits for a connection before answering 503. */
    readonly connectTimeoutMs: number;
    /** The server cancels a statement running longer (503). */
    readonly statementTimeoutMs: number;
  };
  readonly jwt: {
    readonly secret: string;
    /** True when JWT_SECRET was not set and a random per-process secret is used (dev/test only). */
    readonly ephemeralSecret: boolean;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly corsOrigins: readonly string[];
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  readonly accessLogFormat: AccessLogFormat;
  readonly rateLimit: {
    readonly windowMs: number;
    readonly max: number;
    readonly loginWindowMs: number;
    readonly loginMax: number;
  };
  readonly http: {
    readonly requestTimeoutMs: number;
    readonly headersTimeoutMs: number;
    readonly keepAliveTimeoutMs: number;
  };
  readonly shutdownTimeoutMs: number;
  /**
   * After SIGTERM, how long /ready answers 503 while the server still accepts and serves, so
   * load balancers see it and stop routing here before the listener closes. Part of
   * shutdownTimeoutMs, which counts from the signal.
   */
  readonly shutdownReadinessDelayMs: number;
  readonly bcrypt: {
    readonly cost: number;
    /** Worker threads that hash passwords; 0 hashes on the main thread (tests only). */
    readonly threads: number;
  };
  readonly metricsToken: string | undefined;
  readonly jobs: {
    readonly pollIntervalMs: number;
    readonly refreshTokenPurgeIntervalMs: number;
  };
  readonly admin: { readonly email: string; readonly password: string } | undefined;
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
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Reads, validates and freezes the configuration. Pure: it only looks at `env`, so tests
 * pass a plain object instead of mutating process.env.
 */
export function loadConfig(env: Env): Config {
  const read = new EnvReader(env);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const isTest = nodeEnv === 'test';

  const jwtSecret = read.string('JWT_SECRET', '');
  if (jwtSecret === '' && isProduction)
    read.report('JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecret !== '' && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    read.report('JWT_SECRET must be at least 32 bytes long');
  }

  const http = {
    requestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 30 * SECOND, {
      min: SECOND,
      max: 10 * MINUTE,
    }),
    headersTimeoutMs: read.int('HTTP_HEADERS_TIMEOUT_MS', 10 * SECOND, {
      min: SECOND,
      max: 10 * MINUTE,
    }),
    keepAliveTimeoutMs: read.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5 * SECOND, {
      min: 0,
      max: 10 * MINUTE,
    }),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    read.report('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }

  const shutdownTimeoutMs = read.int('SHUTDOWN_TIMEOUT_MS', 10 * SECOND, {
    min: 100,
    max: 10 * MINUTE,
  });
  // Production sits behind probes (nginx, Kubernetes) that need a few seconds to notice the
  // 503; elsewhere nobody is polling, so stop at once. The default never eats more than half
  // of the deadline; an explicit value must leave time to drain.
  const shutdownReadinessDelayMs = read.int(
    'SHUTDOWN_READINESS_DELAY_MS',
    isProduction ? Math.min(5 * SECOND, Math.floor(shutdownTimeoutMs / 2)) : 0,
    { min: 0, max: 2 * MINUTE },
  );
  if (shutdownReadinessDelayMs >= shutdownTimeoutMs) {
    read.report('SHUTDOWN_READINESS_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS');
  }

  const metricsToken = read.string('METRICS_TOKEN', '');
  if (metricsToken !== '' && metricsToken.length < 16) {
    read.report('METRICS_TOKEN must be at least 16 characters long');
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
    // Relative to where the server starts (the repository root for npm start).
    dbPath: read.string('DB_PATH', 'data/app.db'),
    dbBusyTimeoutMs: read.int('DB_BUSY_TIMEOUT_MS', 5 * SECOND, { min: 0, max: MINUTE }),
    databaseUrl: databaseUrl(read),
    postgres: {
      poolMax: read.int('DB_POOL_MAX', 10, { min: 1, max: 1000 }),
      connectTimeoutMs: read.int('DB_CONNECT_TIMEOUT_MS', 5 * SECOND, { min: 100, max: MINUTE }),
      statementTimeoutMs: read.int('DB_STATEMENT_TIMEOUT_MS', 10 * SECOND, {
        min: 100,
        max: 10 * MINUTE,
      }),
    },
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
      refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', (7 * DAY) / SECOND, {
        min: 60,
        max: (90 * DAY) / SECOND,
      }),
    },
    corsOrigins: corsOrigins(read),
    trustProxy: trustProxy(read),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, isTest ? 'silent' : 'info'),
    accessLogFormat: read.oneOf(
      'ACCESS_LOG_FORMAT',
      ACCESS_LOG_FORMATS,
      nodeEnv === 'development' ? 'dev' : 'json',
    ),
    rateLimit: {
      windowMs: read.int('RATE_LIMIT_WINDOW_MS', MINUTE, { min: SECOND, max: DAY }),
      max: read.int('RATE_LIMIT_MAX', 300, { min: 1, max: 1_000_000_000 }),
      loginWindowMs: read.int('LOGIN_RATE_LIMIT_WINDOW_MS', 15 * MINUTE, { min: SECOND, max: DAY }),
      loginMax: read.int('LOGIN_RATE_LIMIT_MAX', 10, { min: 1, max: 1_000_000_000 }),
    },
    http,
    shutdownTimeoutMs,
    shutdownReadinessDelayMs,
    bcrypt: {
      // Cost 4 is the bcrypt minimum: fast enough for test suites, far too weak for real users.
      cost: read.int('BCRYPT_COST', isTest ? 4 : 12, { min: isProduction ? 10 : 4, max: 15 }),
      threads: read.int('BCRYPT_THREADS', isTest ? 0 : defaultHashThreads(), { min: 0, max: 32 }),
    },
    metricsToken: metricsToken === '' ? undefined : metricsToken,
    jobs: {
      pollIntervalMs: read.int('JOB_POLL_INTERVAL_MS', SECOND, { min: 10, max: HOUR }),
      refreshTokenPurgeIntervalMs: read.int('REFRESH_TOKEN_PURGE_INTERVAL_MS', HOUR, {
        min: SECOND,
        max: 7 * DAY,
      }),
    },
    admin: admin(read),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return deepFreeze(config);
}

/** Shared by config (ADMIN_PASSWORD) and request validation, so both enforce one rule. */
export function passwordPolicyProblem(password: string): string | undefined {
  if (password.length < 12 || password.length > 128) return 'must be 12 to 128 characters long';
  // bcrypt ignores everything after 72 bytes. Accepting longer passwords would silently make
  // the tail meaningless, so they are rejected instead of truncated.
  if (Buffer.byteLength(password, 'utf8') > 72) return 'must not exceed 72 bytes in UTF-8';
  return undefined;
}

function databaseUrl(read: EnvReader): string | undefined {
  const url = read.string('DATABASE_URL', '');
  if (url === '') return undefined;
  if (!/^postgres(ql)?:\/\//.test(url)) {
    // Never echo the value: it usually carries a password.
    read.report('DATABASE_URL must be a postgres:// or postgresql:// URL');
    return undefined;
  }
  return url;
}

function corsOrigins(read: EnvReader): string[] {
  return read.list('CORS_ORIGINS').filter((origin) => {
    if (isOrigin(origin)) return true;
    read.report(`CORS_ORIGINS entry "${origin}" is not an origin like https://app.example.com`);
    return false;
  });
}

function trustProxy(read: EnvReader): TrustProxy {
  const value = read.string('TRUST_PROXY', 'false').trim();
  if (value === 'false') return false;
  if (value === 'true') {
    read.report(
      'TRUST_PROXY=true trusts any client-supplied X-Forwarded-For; use a hop count or proxy addresses',
    );
    return false;
  }
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of entries) {
    if (!named.has(entry) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      read.report(
        `TRUST_PROXY entry "${entry}" is not an IP, CIDR or loopback/linklocal/uniquelocal`,
      );
    }
  }
  return entries;
}

function admin(read: EnvReader): Config['admin'] {
  const email = read.string('ADMIN_EMAIL', '');
  const password = read.string('ADMIN_PASSWORD', '');
  if (email === '' && password === '') return undefined;
  if (email === '' || password === '') {
    read.report('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    return undefined;
  }
  if (!EMAIL_PATTERN.test(email)) read.report('ADMIN_EMAIL is not an email address');
  const problem = passwordPolicyProblem(password);
  if (problem) read.report(`ADMIN_PASSWORD ${problem}`);
  return { email: email.trim().toLowerCase(), password };
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

function defaultHashThreads(): number {
  // Leave one core for the event loop; more than four hashing threads only adds memory.
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
