import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
/** json: one JSON line per request (for machines); dev: morgan's one-line console format. */
export type AccessLogFormat = 'json' | 'dev';

/**
 * Express `trust proxy` values we accept. `true` is deliberately not representable: it
 * trusts every X-Forwarded-For hop, so any client could pick its own IP and dodge rate limits.
 */
export type TrustProxy = false | number | readonly string[];

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
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
  readonly bodyLimitBytes: number;
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

/** Thrown by loadConfig with every problem found, so one start-up attempt reports them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
const ACCESS_LOG_FORMATS: readonly AccessLogFormat[] = ['json', 'dev'];
const NODE_ENVS: readonly NodeEnv[] = ['development', 'test', 'production'];
const MAX_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads, validates and freezes the configuration. Pure: it only looks at `env`, so tests
 * pass a plain object instead of mutating process.env.
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const read = new EnvReader(env, problems);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const isTest = nodeEnv === 'test';

  const port = read.int('PORT', 3000, { min: 0, max: 65535 });
  const host = read.string('HOST', '127.0.0.1');
  const dbPath = read.string('DB_PATH', 'data/app.db');

  const jwtSecretRaw = env['JWT_SECRET'];
  let jwtSecret: string;
  let ephemeralSecret = false;
  if (jwtSecretRaw === undefined || jwtSecretRaw === '') {
    if (isProduction) problems.push('JWT_SECRET is required when NODE_ENV=production');
    // Outside production a random secret keeps the server usable; tokens die with the process.
    jwtSecret = randomSecret();
    ephemeralSecret = true;
  } else {
    jwtSecret = jwtSecretRaw;
    if (Buffer.byteLength(jwtSecretRaw, 'utf8') < 32) {
      problems.push('JWT_SECRET must be at least 32 bytes long');
    }
  }

  const accessTokenTtlSeconds = read.int('ACCESS_TOKEN_TTL_SECONDS', MAX_ACCESS_TOKEN_TTL_SECONDS, {
    min: 30,
    max: MAX_ACCESS_TOKEN_TTL_SECONDS,
  });
  const refreshTokenTtlSeconds = read.int('REFRESH_TOKEN_TTL_SECONDS', 7 * 24 * 3600, {
    min: 60,
    max: 90 * 24 * 3600,
  });

  const corsOrigins = read.list('CORS_ORIGINS').filter((origin) => {
    if (isOrigin(origin)) return true;
    problems.push(`CORS_ORIGINS entry "${origin}" is not an origin like https://app.example.com`);
    return false;
  });

  const trustProxy = parseTrustProxy(env['TRUST_PROXY'], problems);
  const logLevel = read.oneOf('LOG_LEVEL', LOG_LEVELS, isTest ? 'silent' : 'info');
  const accessLogFormat = read.oneOf(
    'ACCESS_LOG_FORMAT',
    ACCESS_LOG_FORMATS,
    nodeEnv === 'development' ? 'dev' : 'json',
  );

  const rateLimit = {
    windowMs: read.int('RATE_LIMIT_WINDOW_MS', 60_000, { min: 1000 }),
    max: read.int('RATE_LIMIT_MAX', 300, { min: 1 }),
    loginWindowMs: read.int('LOGIN_RATE_LIMIT_WINDOW_MS', 15 * 60_000, { min: 1000 }),
    loginMax: read.int('LOGIN_RATE_LIMIT_MAX', 10, { min: 1 }),
  };

  const bodyLimitBytes = read.int('BODY_LIMIT_BYTES', 100 * 1024, {
    min: 1024,
    max: 10 * 1024 ** 2,
  });
  const http = {
    requestTimeoutMs: read.int('HTTP_REQUEST_TIMEOUT_MS', 30_000, { min: 1000 }),
    headersTimeoutMs: read.int('HTTP_HEADERS_TIMEOUT_MS', 10_000, { min: 1000 }),
    keepAliveTimeoutMs: read.int('HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 0 }),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  const shutdownTimeoutMs = read.int('SHUTDOWN_TIMEOUT_MS', 10_000, { min: 100 });
  // Production sits behind probes (nginx, Kubernetes) that need a few seconds to notice the
  // 503; elsewhere nobody is polling, so stop at once. The default never eats more than half
  // of the deadline; an explicit value must leave time to drain.
  const readinessDelayExplicit = (env['SHUTDOWN_READINESS_DELAY_MS'] ?? '').trim() !== '';
  const shutdownReadinessDelayMs = read.int(
    'SHUTDOWN_READINESS_DELAY_MS',
    isProduction ? Math.min(5000, Math.floor(shutdownTimeoutMs / 2)) : 0,
    { min: 0, max: 120_000 },
  );
  if (readinessDelayExplicit && shutdownReadinessDelayMs >= shutdownTimeoutMs) {
    problems.push('SHUTDOWN_READINESS_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS');
  }

  const bcrypt = {
    // Cost 4 is the bcrypt minimum: fast enough for test suites, far too weak for real users.
    cost: read.int('BCRYPT_COST', isTest ? 4 : 12, { min: isProduction ? 10 : 4, max: 15 }),
    threads: read.int('BCRYPT_THREADS', isTest ? 0 : defaultHashThreads(), { min: 0, max: 32 }),
  };

  const metricsToken = env['METRICS_TOKEN'] || undefined;
  if (metricsToken !== undefined && metricsToken.length < 16) {
    problems.push('METRICS_TOKEN must be at least 16 characters long');
  }

  const jobs = {
    pollIntervalMs: read.int('JOB_POLL_INTERVAL_MS', 1000, { min: 10 }),
    refreshTokenPurgeIntervalMs: read.int('REFRESH_TOKEN_PURGE_INTERVAL_MS', 3_600_000, {
      min: 1000,
    }),
  };

  const adminEmail = env['ADMIN_EMAIL'] || undefined;
  const adminPassword = env['ADMIN_PASSWORD'] || undefined;
  let admin: Config['admin'];
  if (adminEmail !== undefined || adminPassword !== undefined) {
    if (adminEmail === undefined || adminPassword === undefined) {
      problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    } else {
      if (!EMAIL_PATTERN.test(adminEmail)) problems.push('ADMIN_EMAIL is not an email address');
      const passwordProblem = passwordPolicyProblem(adminPassword);
      if (passwordProblem) problems.push(`ADMIN_PASSWORD ${passwordProblem}`);
      admin = { email: adminEmail.trim().toLowerCase(), password: adminPassword };
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);

  return deepFreeze({
    nodeEnv,
    host,
    port,
    dbPath,
    jwt: {
      secret: jwtSecret,
      ephemeralSecret,
      issuer: read.string('JWT_ISSUER', 'enterprise-express'),
      audience: read.string('JWT_AUDIENCE', 'enterprise-express-api'),
      accessTokenTtlSeconds,
      refreshTokenTtlSeconds,
    },
    corsOrigins,
    trustProxy,
    logLevel,
    accessLogFormat,
    rateLimit,
    bodyLimitBytes,
    http,
    shutdownTimeoutMs,
    shutdownReadinessDelayMs,
    bcrypt,
    metricsToken,
    jobs,
    admin,
  });
}

/** Shared by config (ADMIN_PASSWORD) and request validation, so both enforce one rule. */
export function passwordPolicyProblem(password: string): string | undefined {
  if (password.length < 12 || password.length > 128) return 'must be 12 to 128 characters long';
  // bcrypt ignores everything after 72 bytes. Accepting longer passwords would silently make
  // the tail meaningless, so they are rejected instead of truncated.
  if (Buffer.byteLength(password, 'utf8') > 72) return 'must not exceed 72 bytes in UTF-8';
  return undefined;
}

function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  const value = raw?.trim();
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') {
    problems.push(
      'TRUST_PROXY=true trusts any client-supplied X-Forwarded-For; use a hop count or proxy addresses',
    );
    return false;
  }
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of entries) {
    if (!named.has(entry) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      problems.push(
        `TRUST_PROXY entry "${entry}" is not an IP, CIDR or loopback/linklocal/uniquelocal`,
      );
    }
  }
  return entries;
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

function randomSecret(): string {
  return randomBytes(48).toString('base64url');
}

class EnvReader {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly problems: string[],
  ) {}

  string(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? fallback : value;
  }

  int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) {
      this.problems.push(`${name} must be a whole number, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max)
    ) {
      this.problems.push(
        `${name} must be between ${range.min ?? 0} and ${range.max ?? 'infinity'}, got ${value}`,
      );
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  list(name: string): string[] {
    const raw = this.env[name]?.trim();
    if (!raw) return [];
    return raw
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
