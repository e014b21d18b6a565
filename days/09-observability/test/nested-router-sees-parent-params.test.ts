import express from 'express';
import request from 'supertest';
import { createAuthGuards } from '../src/core/security/authenticate';
import { createAccessTokens } from '../src/core/security/jwt';
import { createPasswordHasher } from '../src/core/security/password-hasher';
import { SqlitePostsRepository } from '../src/modules/posts/posts.repository';
import { userPostsRouter } from '../src/modules/posts/posts.routes';
import { PostsService } from '../src/modules/posts/posts.service';
import { SqliteUsersRepository } from '../src/modules/users/users.repository';
import { UsersService } from '../src/modules/users/users.service';
import {
  ADMIN,
  manualClock,
  recordingLogger,
  signIn,
  testApp,
  testConfig,
  testDatabase,
} from './helpers';

/** Sends a GET and sums up the answer in one line: the status and the posts listed. */
async function postsAt(app: express.Express, path: string): Promise<string> {
  const res = await request(app).get(path);
  const what = Array.isArray(res.body.data)
    ? `[${res.body.data.map((p: { id: number; authorId: number }) => `post ${p.id} by user ${p.authorId}`).join(', ')}]`
    : typeof res.body.detail === 'string'
      ? `problem: ${res.body.detail}`
      : JSON.stringify(res.body);
  return `GET ${path} -> ${res.status} ${what}`;
}

describe("the nested posts router sees its parent's :userId", () => {
  it('lists the posts of each user at /api/v1/users/:userId/posts, only theirs, newest first', async () => {
    const app = await testApp();
    expect([
      await postsAt(app, '/api/v1/users/1/posts'),
      await postsAt(app, '/api/v1/users/2/posts'),
    ]).toEqual([
      'GET /api/v1/users/1/posts -> 200 [post 2 by user 1, post 1 by user 1]',
      'GET /api/v1/users/2/posts -> 200 [post 3 by user 2]',
    ]);
  });

  it('answers an empty list for a user without posts', async () => {
    expect(await postsAt(await testApp(), '/api/v1/users/3/posts')).toBe(
      'GET /api/v1/users/3/posts -> 200 []',
    );
  });

  it('answers 404 naming the user id for a user that does not exist, to whoever may view users', async () => {
    // To anyone else an unknown id looks like a user without posts: a public route below a
    // user must not reveal which ids exist (the users policy, Day 7).
    const app = await testApp();
    const admin = await signIn(app, ADMIN);
    const res = await request(app).get('/api/v1/users/99/posts').set('Authorization', admin);
    expect([
      `${res.status} ${res.body.detail}`,
      await postsAt(app, '/api/v1/users/99/posts'),
    ]).toEqual(['404 User 99 does not exist', 'GET /api/v1/users/99/posts -> 200 []']);
  });

  it('reads :userId from its parent, wherever the parent mounts it', async () => {
    // The same router below two other parents, with the user id at another place in the URL:
    // only the params the parent matched say which segment is the user.
    const db = testDatabase();
    const clock = manualClock();
    const users = new SqliteUsersRepository(db, clock);
    const deps = {
      users: new UsersService(users, createPasswordHasher(testConfig.bcrypt)),
      posts: new PostsService(new SqlitePostsRepository(db, clock)),
      guards: createAuthGuards({
        tokens: createAccessTokens(testConfig.jwt, clock),
        callers: users,
        logger: recordingLogger(),
      }),
    };
    const archive = express.Router();
    archive.use('/:year/by/:userId', userPostsRouter(deps));
    archive.use('/by/:userId/in/:year', userPostsRouter(deps));
    const app = express();
    app.use('/archive', archive);
    expect([
      await postsAt(app, '/archive/2026/by/2'),
      await postsAt(app, '/archive/by/1/in/2026'),
    ]).toEqual([
      'GET /archive/2026/by/2 -> 200 [post 3 by user 2]',
      'GET /archive/by/1/in/2026 -> 200 [post 2 by user 1, post 1 by user 1]',
    ]);
  });
});
