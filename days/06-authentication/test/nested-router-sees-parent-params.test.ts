import express from 'express';
import request from 'supertest';
import { InMemoryPostsRepository } from '../src/modules/posts/posts.repository';
import { userPostsRouter } from '../src/modules/posts/posts.routes';
import { SqliteUsersRepository } from '../src/modules/users/users.repository';
import { manualClock, testApp, testDatabase } from './helpers';

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
  it('lists the posts of each user at /api/v1/users/:userId/posts, only theirs', async () => {
    const app = await testApp();
    expect([
      await postsAt(app, '/api/v1/users/1/posts'),
      await postsAt(app, '/api/v1/users/2/posts'),
    ]).toEqual([
      'GET /api/v1/users/1/posts -> 200 [post 1 by user 1, post 2 by user 1]',
      'GET /api/v1/users/2/posts -> 200 [post 3 by user 2]',
    ]);
  });

  it('answers an empty list for a user without posts', async () => {
    expect(await postsAt(await testApp(), '/api/v1/users/3/posts')).toBe(
      'GET /api/v1/users/3/posts -> 200 []',
    );
  });

  it('answers 404 naming the user id for a user that does not exist', async () => {
    expect(await postsAt(await testApp(), '/api/v1/users/99/posts')).toBe(
      'GET /api/v1/users/99/posts -> 404 problem: User 99 does not exist',
    );
  });

  it('reads :userId from its parent, wherever the parent mounts it', async () => {
    // The same router below two other parents, with the user id at another place in the URL:
    // only the params the parent matched say which segment is the user.
    const deps = {
      users: new SqliteUsersRepository(testDatabase(), manualClock()),
      posts: new InMemoryPostsRepository(),
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
      'GET /archive/by/1/in/2026 -> 200 [post 1 by user 1, post 2 by user 1]',
    ]);
  });
});
