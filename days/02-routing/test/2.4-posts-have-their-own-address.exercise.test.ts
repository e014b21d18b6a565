import type express from 'express';
import request from 'supertest';
import {
  type Post,
  InMemoryPostsRepository,
  SEED_POSTS,
} from '../src/modules/posts/posts.repository';
import { InMemoryProductsRepository } from '../src/modules/products/products.repository';
import { InMemoryUsersRepository } from '../src/modules/users/users.repository';
import { testApp } from './helpers';

async function get(app: express.Express, path: string) {
  const res = await request(app).get(path);
  return { request: `GET ${path}`, status: res.status, body: res.body };
}

const seedPost = (id: number): Post => {
  const found = SEED_POSTS.find((p) => p.id === id);
  if (found === undefined) throw new Error(`the seed has no post ${id}`);
  return found;
};

describe('exercise 2.4: every post has its own address, /api/v1/posts/:id', () => {
  it('serves each post at /api/v1/posts/:id, whoever wrote it', async () => {
    const app = await testApp();
    expect([await get(app, '/api/v1/posts/1'), await get(app, '/api/v1/posts/3')]).toEqual([
      { request: 'GET /api/v1/posts/1', status: 200, body: seedPost(1) },
      { request: 'GET /api/v1/posts/3', status: 200, body: seedPost(3) },
    ]);
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
        users: new InMemoryUsersRepository(),
        posts: new InMemoryPostsRepository([draft]),
        products: new InMemoryProductsRepository(),
      },
    });
    expect([await get(app, '/api/v1/posts/42'), await get(app, '/api/v1/posts/1')]).toEqual([
      { request: 'GET /api/v1/posts/42', status: 200, body: draft },
      { request: 'GET /api/v1/posts/1', status: 404, body: { error: 'Post 1 does not exist' } },
    ]);
  });

  it('answers 404 naming the id for a post that does not exist', async () => {
    const app = await testApp();
    expect([await get(app, '/api/v1/posts/99'), await get(app, '/api/v1/posts/first')]).toEqual([
      { request: 'GET /api/v1/posts/99', status: 404, body: { error: 'Post 99 does not exist' } },
      {
        request: 'GET /api/v1/posts/first',
        status: 404,
        body: { error: 'Post first does not exist' },
      },
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
      delete: await asked('delete', '/api/v1/products/3'),
      options: await asked('options', '/api/v1/products/3'),
    });
  });
});
