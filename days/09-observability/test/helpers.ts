import bcrypt from 'bcryptjs';
import type express from 'express';
import request from 'supertest';
import type { AppDeps } from '../src/app';
import type { Config, LogLevel } from '../src/config';
import type { Clock } from '../src/core/clock';
import { type Database, openDatabase } from '../src/core/db/database';
import { migrate } from '../src/core/db/migrate';
import { seedDemoData } from '../src/core/db/seed';
import { type LogFields, type Logger, createLogger } from '../src/core/logging/logger';
import { buildApplication } from '../src/startup';

/** The HMAC secret of every test app's access tokens: tests may mint their own with it. */
export const TEST_SECRET = 'a-test-secret-of-at-least-32-bytes-for-hs256';

export const testConfig: Config = Object.freeze({
  nodeEnv: 'test',
  host: '127.0.0.1',
  port: 0,
  version: '1.2.3',
  bodyLimitBytes: 1024,
  dbPath: ':memory:',
  jwt: Object.freeze({
    secret: TEST_SECRET,
    ephemeralSecret: false,
    issuer: 'enterprise-express',
    audience: 'enterprise-express-api',
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 7 * 24 * 60 * 60,
  }),
  // The bcrypt minimum: a hash takes about a millisecond instead of a quarter of a second.
  bcrypt: Object.freeze({ cost: 4 }),
  // No browser origin, no proxy: what loadConfig gives when nothing is set.
  corsOrigins: Object.freeze([]),
  trustProxy: false,
  accessLogFormat: 'json',
  // loadConfig's defaults.
  rateLimit: Object.freeze({
    windowMs: 60_000,
    max: 300,
    loginWindowMs: 15 * 60_000,
    loginMax: 10,
  }),
  admin: undefined,
  // Lines are kept by each test's logger, not written: the access log is mounted as in
  // production, and the logger a test passes decides what it records.
  logLevel: 'info',
  metricsToken: undefined,
});

/** The password of every demo user in a test database. */
export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * Three accounts for tests, with the ids the in-memory posts name as authors (1 and 2). Only
 * tests create them: the development seed has no accounts with known passwords.
 */
export const DEMO_USERS = [
  { id: 1, email: 'ada@example.com', name: 'Ada Lovelace', role: 'admin' },
  { id: 2, email: 'grace@example.com', name: 'Grace Hopper', role: 'editor' },
  { id: 3, email: 'linus@example.com', name: 'Linus Torvalds', role: 'user' },
] as const;

const demoPasswordHash = bcrypt.hashSync(TEST_PASSWORD, 4);

/** Inserts the demo users (password TEST_PASSWORD) into a migrated database. */
export function addDemoUsers(db: Database): void {
  const insert = db.prepare(`
    INSERT INTO users (id, email, name, password_hash, role, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const at = '2026-01-10T08:00:00.000Z';
  for (const u of DEMO_USERS) insert.run(u.id, u.email, u.name, demoPasswordHash, u.role, at, at);
}

/** Three published posts by the demo users: two by Ada (1), one by Grace (2). */
export const DEMO_POSTS = [
  {
    id: 1,
    authorId: 1,
    title: 'Notes on the Analytical Engine',
    body: 'The engine weaves algebraic patterns.',
  },
  { id: 2, authorId: 1, title: 'On Bernoulli numbers', body: 'A program, step by step.' },
  { id: 3, authorId: 2, title: 'The first bug', body: 'A moth, taped into the log book.' },
] as const;

/** Inserts the demo posts, published, into a database that has the demo users. */
export function addDemoPosts(db: Database): void {
  const insert = db.prepare(`
    INSERT INTO posts (id, title, body, status, author_id, created_at, updated_at)
    VALUES (?, ?, ?, 'published', ?, ?, ?)`);
  const at = '2026-01-12T10:00:00.000Z';
  for (const p of DEMO_POSTS) insert.run(p.id, p.title, p.body, p.authorId, at, at);
}

/**
 * A fresh in-memory database with the schema, the demo products, the demo users and their
 * published posts: isolated per call.
 */
export function testDatabase(): Database {
  const db = openDatabase(':memory:');
  migrate(db);
  seedDemoData(db);
  addDemoUsers(db);
  addDemoPosts(db);
  return db;
}

/** A clock the test moves by hand, so time-based behaviour is exact and instant. */
export function manualClock(start = Date.UTC(2026, 1, 20)): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}

/** What a recording logger was asked to write: the values themselves, an Error with its stack. */
export interface LogEntry {
  level: 'warn' | 'error';
  message: string;
  details?: LogFields;
}

/**
 * A logger that keeps what it is asked to write at `warn` and `error`, the levels an operator
 * is paged for, as values (`entries`: tests check which error was logged, not how it was
 * formatted), and the access log's lines (`lines`).
 */
export function recordingLogger(
  entries: LogEntry[] = [],
  lines: string[] = [],
  bindings: LogFields = {},
): Logger & { entries: LogEntry[]; lines: string[] } {
  const record = (level: LogEntry['level']) => (message: string, details?: LogFields) => {
    const all = Object.keys(bindings).length > 0 ? { ...bindings, ...details } : details;
    entries.push(all === undefined ? { level, message } : { level, message, details: all });
  };
  return {
    entries,
    lines,
    debug: () => {},
    info: () => {},
    warn: record('warn'),
    error: record('error'),
    child: (extra) => recordingLogger(entries, lines, { ...bindings, ...extra }),
    writeRaw: (line) => lines.push(line),
  };
}

/** One line the real logger wrote, parsed. */
export type LogLine = Record<string, unknown>;

/**
 * The real logger (createLogger) at `level`, writing into an array instead of stdout: tests
 * read the JSON lines exactly as an operator's log pipeline would.
 */
export function capturedLogs(level: LogLevel = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    level,
    sink: (line) => lines.push(line.startsWith('{') ? JSON.parse(line) : { text: line }),
  });
  return { logger, lines };
}

/**
 * The app as the process builds it (startup.ts), with the test config, a manual clock, a
 * logger that records instead of printing, and its own seeded in-memory database.
 */
export async function testApp(overrides: Partial<AppDeps> = {}): Promise<express.Express> {
  const application = await buildApplication(testConfig, {
    clock: manualClock(),
    logger: recordingLogger(),
    db: testDatabase(),
    ...overrides,
  });
  return application.app;
}

/** Ada, an admin: the demo user who may do everything (Day 7's permission table). */
export const ADMIN = DEMO_USERS[0].email;

/** Grace, an editor: the demo user who may create and change products, not delete them. */
export const EDITOR = DEMO_USERS[1].email;

/**
 * Logs in through the API, as a client does, and returns the `Authorization` header value
 * for requests as that user. Linus, a plain user, unless told otherwise.
 */
export async function signIn(
  app: express.Express,
  email: string = DEMO_USERS[2].email,
  password: string = TEST_PASSWORD,
): Promise<string> {
  const res = await request(app).post('/api/v1/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`logging in as ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return `Bearer ${res.body.accessToken}`;
}

/** An account made through the API for one test, and the header to act as it. */
export interface Account {
  readonly id: number;
  readonly email: string;
  readonly authorization: string;
}

let accounts = 0;

/**
 * Registers a new account through the API (every account starts as a `user`) and logs in as
 * it. `name` only makes failures readable: each call gets an email of its own.
 */
export async function signUp(app: express.Express, name: string): Promise<Account> {
  accounts += 1;
  const email = `${name.toLowerCase()}.${accounts}@example.com`;
  const res = await request(app)
    .post('/api/v1/auth/register')
    .send({ email, password: TEST_PASSWORD, name });
  if (res.status !== 201) {
    throw new Error(`registering ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { id: res.body.id, email, authorization: await signIn(app, email) };
}
