import type express from 'express';
import request from 'supertest';
import {
  type Post,
  InMemoryPostsRepository,
  SEED_POSTS,
} from '../src/modules/posts/posts.repository';
import { SqliteUsersRepository } from '../src/modules/users/users.repository';
import { manualClock, testApp, testDatabase } from './helpers';

/** The answer to a GET, with a one-line summary so that a failure shows what came back. */
async function get(app: express.Express, path: string) {
  const res = await request(app).get(path);
  const body: unknown = res.body;
  let what = JSON.stringify(body);
  if (typeof body === 'object' && body !== null) {
    if ('id' in body && 'title' in body) what = `post ${String(body.id)}: ${String(body.title)}`;
    else if ('detail' in body) what = `problem: ${String(body.detail)}`;
  }
  return { summary: `GET ${path} -> ${res.status} ${what}`, status: res.status, body };
}

const seedPost = (id: number): Post => {
  const found = SEED_POSTS.find((p) => p.id === id);
  if (found === undefined) throw new Error(`the seed has no post ${id}`);
  return found;
};

describe('every post has its own address, /api/v1/posts/:id', () => {
  it('serves each post at /api/v1/posts/:id, whoever wrote it', async () => {
    const app = await testApp();
    const answers = [await get(app, '/api/v1/posts/1'), await get(app, '/api/v1/posts/3')];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/1 -> 200 post 1: Notes on the Analytical Engine',
      'GET /api/v1/posts/3 -> 200 post 3: The first bug',
    ]);
    // The whole post, as the repository holds it.
    expect(answers.map((a) => a.body)).toEqual([seedPost(1), seedPost(3)]);
  });

  it('reads the posts from the repository the application was given', async () => {
    const at = '2026-03-01T12:00:00.000Z';
    const draft: Post = {
      id: 42,
      title: 'A draft nobody seeded',
      body: 'Only this test knows it.',
      status: 'draft',
      authorId: 3,
      createdAt: at,
      updatedAt: at,
    };
    const app = await testApp({
      repositories: {
        users: new SqliteUsersRepository(testDatabase(), manualClock()),
        posts: new InMemoryPostsRepository([draft]),
      },
    });
    const answers = [await get(app, '/api/v1/posts/42'), await get(app, '/api/v1/posts/1')];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/42 -> 200 post 42: A draft nobody seeded',
      'GET /api/v1/posts/1 -> 404 problem: Post 1 does not exist',
    ]);
    expect(answers[0]?.body).toEqual(draft);
  });

  it('answers 404 naming the id for a post that does not exist', async () => {
    const app = await testApp();
    const answers = [await get(app, '/api/v1/posts/99'), await get(app, '/api/v1/posts/first')];
    expect(answers.map((a) => a.summary)).toEqual([
      'GET /api/v1/posts/99 -> 404 problem: Post 99 does not exist',
      'GET /api/v1/posts/first -> 404 problem: Post first does not exist',
    ]);
  });

  it('answers the other methods as every read-only route of the API does', async () => {
    // Whatever the API answers for DELETE and OPTIONS on a GET-only route (a 405 and a 204
    // with Allow once exercise 2.2 is done), a post's address answers the same.
    const app = await testApp();
    const asked = async (method: 'delete' | 'options', path: string) => {
      const res = await request(app)[method](path);
      return { status: res.status, allow: res.headers['allow'] };
    };
    expect({
      get: (await get(app, '/api/v1/posts/3')).status,
      delete: await asked('delete', '/api/v1/posts/3'),
      options: await asked('options', '/api/v1/posts/3'),
    }).toEqual({
      get: 200,
      delete: await asked('delete', '/api/v1/users/2'),
      options: await asked('options', '/api/v1/users/2'),
    });
  });
});
