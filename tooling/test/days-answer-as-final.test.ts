// Days 6 onward must answer their routes as final/ does: a learner's Day 9 is final/'s API as
// far as Day 9 goes. Each ready day from 6 on, with its solution applied, and final/ are built
// from the same settings and sent the same requests; what a client can see must agree: the
// status, the content type, the problem type and title, and the headers a client acts on
// (WWW-Authenticate, Retry-After, RateLimit-Policy, Cache-Control, CORS, X-Request-Id). A
// request belongs to the day that introduces its behaviour and is sent to that day and later.
import fs from 'node:fs';
import path from 'node:path';
import type express from 'express';
import request from 'supertest';
import { type Day, dayDir, loadCourse, readyDays } from '../src/course';
import { makeSolvedCopy, solvedCopyPath } from '../src/snapshots';
import { claimWorkSlot } from '../src/work-slot';
import { REPO_ROOT } from './fixture';

interface Built {
  readonly app: express.Express;
  close(): Promise<void>;
}

type Build = (env: Record<string, string>) => Promise<Built>;

/** Loads loadConfig and buildApplication from a tree with the shape every snapshot shares. */
function builderFrom(srcDir: string): Build {
  const { loadConfig } = require(path.join(srcDir, 'config')) as {
    loadConfig(env: Record<string, string>): unknown;
  };
  const { buildApplication } = require(path.join(srcDir, 'startup')) as {
    buildApplication(config: unknown): Promise<Built>;
  };
  return (env) => buildApplication(loadConfig(env));
}

const ENV = {
  NODE_ENV: 'test',
  DB_PATH: ':memory:',
  JWT_SECRET: 'a-secret-for-the-parity-test-of-32-bytes-or-more',
  BCRYPT_COST: '4',
  LOG_LEVEL: 'silent',
  CORS_ORIGINS: 'https://app.example.com',
  LOGIN_RATE_LIMIT_MAX: '4',
};

const PASSWORD = 'a long enough password';

/** What a client can act on, from one response. */
function seen(label: string, res: request.Response): Record<string, unknown> {
  const type = String(res.headers['content-type'] ?? '').split(';')[0];
  const body = res.body as Record<string, unknown>;
  const header = (name: string) => res.headers[name] as string | undefined;
  return {
    label,
    status: res.status,
    type,
    ...(type === 'application/problem+json'
      ? { problem: { type: body['type'], title: body['title'], status: body['status'] } }
      : {}),
    wwwAuthenticate: header('www-authenticate'),
    retryAfter: header('retry-after') === undefined ? undefined : 'present',
    rateLimitPolicy: header('ratelimit-policy'),
    cacheControl: header('cache-control'),
    allowOrigin: header('access-control-allow-origin'),
    requestId: header('x-request-id') === undefined ? undefined : 'present',
  };
}

type Step = (app: express.Express) => Promise<Record<string, unknown>[]>;

const bearer = (token: string | undefined) => `Bearer ${token ?? ''}`;

async function signUp(
  app: express.Express,
  email: string,
): Promise<{ access: string; refresh: string; id: string }> {
  const registered = await request(app)
    .post('/api/v1/auth/register')
    .send({ email, password: PASSWORD, name: 'Parity' });
  const login = await request(app).post('/api/v1/auth/login').send({ email, password: PASSWORD });
  return {
    access: login.body.accessToken,
    refresh: login.body.refreshToken,
    id: String(registered.body.id),
  };
}

/** [the day that introduces the behaviour, the requests] */
const STEPS: ReadonlyArray<readonly [number, string, Step]> = [
  [
    6,
    'register, duplicate, invalid',
    async (app) => [
      seen(
        'register',
        await request(app)
          .post('/api/v1/auth/register')
          .send({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
      ),
      seen(
        'register again',
        await request(app)
          .post('/api/v1/auth/register')
          .send({ email: 'ada@example.com', password: PASSWORD, name: 'Ada' }),
      ),
      seen(
        'register invalid',
        await request(app).post('/api/v1/auth/register').send({ email: 'nope', password: 'x' }),
      ),
    ],
  ],
  [
    6,
    'login and the bearer guard',
    async (app) => {
      const { access } = await signUp(app, 'bea@example.com');
      return [
        seen(
          'login',
          await request(app)
            .post('/api/v1/auth/login')
            .send({ email: 'bea@example.com', password: PASSWORD }),
        ),
        seen(
          'wrong password',
          await request(app)
            .post('/api/v1/auth/login')
            .send({ email: 'bea@example.com', password: 'not the password' }),
        ),
        seen(
          'unknown email',
          await request(app)
            .post('/api/v1/auth/login')
            .send({ email: 'nobody@example.com', password: PASSWORD }),
        ),
        seen('me without a token', await request(app).get('/api/v1/users/me')),
        seen(
          'me with a malformed token',
          await request(app).get('/api/v1/users/me').set('Authorization', 'Bearer abc'),
        ),
        seen(
          'me with another scheme',
          await request(app).get('/api/v1/users/me').set('Authorization', `Token ${access}`),
        ),
        seen('me', await request(app).get('/api/v1/users/me').set('Authorization', bearer(access))),
      ];
    },
  ],
  [
    6,
    'refresh rotation and reuse',
    async (app) => {
      const { refresh } = await signUp(app, 'cy@example.com');
      const first = await request(app).post('/api/v1/auth/refresh').send({ refreshToken: refresh });
      const replay = await request(app)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: refresh });
      const successor = await request(app)
        .post('/api/v1/auth/refresh')
        .send({ refreshToken: first.body.refreshToken });
      return [
        seen('refresh', first),
        seen('replay', replay),
        seen('successor after replay', successor),
      ];
    },
  ],
  [
    7,
    'roles and ownership',
    async (app) => {
      const author = await signUp(app, 'dee@example.com');
      const other = await signUp(app, 'eve@example.com');
      const created = await request(app)
        .post('/api/v1/posts')
        .set('Authorization', bearer(author.access))
        .send({ title: 'A post', body: 'Its body', status: 'published' });
      const id = String(created.body.id);
      return [
        seen('create a post', created),
        seen(
          'user list as a user',
          await request(app).get('/api/v1/users').set('Authorization', bearer(other.access)),
        ),
        seen(
          'invalid edit by a non-owner',
          await request(app)
            .patch(`/api/v1/posts/${id}`)
            .set('Authorization', bearer(other.access))
            .send({ title: '' }),
        ),
        seen(
          'invalid edit by the owner',
          await request(app)
            .patch(`/api/v1/posts/${id}`)
            .set('Authorization', bearer(author.access))
            .send({ title: '' }),
        ),
        seen(
          'role change as a user',
          await request(app)
            .patch(`/api/v1/users/${author.id}/role`)
            .set('Authorization', bearer(other.access))
            .send({ role: 'admin' }),
        ),
      ];
    },
  ],
  [
    8,
    'CORS and the login limit',
    async (app) => {
      const out = [
        seen(
          'preflight from an allowed origin',
          await request(app)
            .options('/api/v1/products')
            .set('Origin', 'https://app.example.com')
            .set('Access-Control-Request-Method', 'POST'),
        ),
        seen(
          'request from another origin',
          await request(app).get('/api/v1/products').set('Origin', 'https://evil.example'),
        ),
      ];
      for (let i = 1; i <= 5; i++) {
        out.push(
          seen(
            `failed login ${i}`,
            await request(app)
              .post('/api/v1/auth/login')
              .send({ email: 'fay@example.com', password: 'wrong password' }),
          ),
        );
      }
      return out;
    },
  ],
  [
    9,
    'request ids and metrics',
    async (app) => [
      seen(
        'a malformed request id is replaced',
        await request(app).get('/api/v1/users/me').set('X-Request-Id', 'not a safe id <script>'),
      ),
      seen(
        'a problem carries it',
        await request(app).get('/api/v1/users/me').set('X-Request-Id', 'abc-124'),
      ),
      seen(
        'metrics through a proxy',
        await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9'),
      ),
    ],
  ],
];

const course = loadCourse(REPO_ROOT);
const days = readyDays(course).filter((d) => d.day >= 6);
const copies: string[] = [];
// A name that stays the same from run to run, so Jest's transform cache serves the copies.
const slot = claimWorkSlot(REPO_ROOT, 'parity');

afterAll(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  slot.release();
});

/** What final/ sends that an earlier day does not yet: compared from the day that adds it. */
const SINCE: Readonly<Record<string, number>> = {
  rateLimitPolicy: 8, // Day 8: express-rate-limit
  allowOrigin: 8, // Day 8: cors
  requestId: 9, // Day 9: X-Request-Id
};

function asOfDay(record: Record<string, unknown>, day: number): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([field]) => (SINCE[field] ?? 0) <= day));
}

interface Answer {
  readonly day: number;
  readonly record: Record<string, unknown>;
}

async function answers(build: Build, upTo: number): Promise<Answer[]> {
  const out: Answer[] = [];
  for (const [day, name, step] of STEPS) {
    if (day > upTo) continue;
    // A fresh application per step: rate limits and accounts do not leak between steps.
    const built = await build(ENV);
    try {
      const records = await step(built.app);
      out.push(...records.map((record) => ({ day, record: { step: name, ...record } })));
    } finally {
      await built.close();
    }
  }
  return out;
}

/** The answers a client of `day` can tell apart: steps of that day or earlier, its headers. */
const asOf = (all: readonly Answer[], day: number) =>
  all.filter((a) => a.day <= day).map((a) => asOfDay(a.record, day));

let finalAnswers: Promise<Answer[]> | undefined;
const finals = (): Promise<Answer[]> => {
  finalAnswers ??= answers(builderFrom(path.join(REPO_ROOT, 'final', 'src')), Infinity);
  return finalAnswers;
};

function solvedSrc(day: Day): string {
  if (day.exercises.length === 0) return path.join(dayDir(REPO_ROOT, day), 'src');
  const dir = solvedCopyPath(REPO_ROOT, day, `parity-${slot.id}`);
  makeSolvedCopy(REPO_ROOT, day, dir);
  copies.push(dir);
  return path.join(dir, 'src');
}

describe('days answer their routes as final/ does', () => {
  it.each(days.map((d) => [d.day, d] as const))(
    'day %i with its solution applied',
    async (_n, day) => {
      const ours = await answers(builderFrom(solvedSrc(day)), day.day);
      expect(asOf(ours, day.day)).toEqual(asOf(await finals(), day.day));
    },
    60_000,
  );
});
