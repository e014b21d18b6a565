import express from 'express';
import request from 'supertest';
import { userPostsRouter } from '../src/modules/posts/posts.routes';
import { InMemoryPostsRepository } from '../src/modules/posts/posts.repository';
import { InMemoryUsersRepository } from '../src/modules/users/users.repository';
import { testApp } from './helpers';

/** The status and the ids of the posts listed, or the body when there is no list. */
async function postsAt(app: express.Express, path: string) {
  const res = await request(app).get(path);
  const listed = Array.isArray(res.body.data)
    ? res.body.data.map(
        (p: { id: number; authorId: number }) => `post ${p.id} by user ${p.authorId}`,
      )
    : res.body;
  return { path, status: res.status, listed };
}

describe("exercise 2.3: the nested posts router sees its parent's :userId", () => {
  it('lists the posts of each user at /api/v1/users/:userId/posts, only theirs', async () => {
    const app = await testApp();
    expect([
      await postsAt(app, '/api/v1/users/1/posts'),
      await postsAt(app, '/api/v1/users/2/posts'),
    ]).toEqual([
      {
        path: '/api/v1/users/1/posts',
        status: 200,
        listed: ['post 1 by user 1', 'post 2 by user 1'],
      },
      { path: '/api/v1/users/2/posts', status: 200, listed: ['post 3 by user 2'] },
    ]);
  });

  it('answers an empty list for a user without posts', async () => {
    const res = await request(await testApp()).get('/api/v1/users/3/posts');
    expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { data: [] } });
  });

  it('answers 404 naming the user id for a user that does not exist', async () => {
    const res = await request(await testApp()).get('/api/v1/users/99/posts');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: { error: 'User 99 does not exist' },
    });
  });

  it('reads :userId from its parent, wherever the parent mounts it', async () => {
    // The same router below two other parents, with the user id at another place in the URL:
    // only the params the parent matched say which segment is the user.
    const deps = { users: new InMemoryUsersRepository(), posts: new InMemoryPostsRepository() };
    const archive = express.Router();
    archive.use('/:year/by/:userId', userPostsRouter(deps));
    archive.use('/by/:userId/in/:year', userPostsRouter(deps));
    const app = express();
    app.use('/archive', archive);
    expect([
      await postsAt(app, '/archive/2026/by/2'),
      await postsAt(app, '/archive/by/1/in/2026'),
    ]).toEqual([
      { path: '/archive/2026/by/2', status: 200, listed: ['post 3 by user 2'] },
      {
        path: '/archive/by/1/in/2026',
        status: 200,
        listed: ['post 1 by user 1', 'post 2 by user 1'],
      },
    ]);
  });
});
