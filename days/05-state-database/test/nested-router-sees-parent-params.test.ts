import request from 'supertest';
import { testApp } from './helpers';

describe("the nested posts router sees its parent's :userId", () => {
  it('lists the posts of user 1 at /api/v1/users/1/posts', async () => {
    const res = await request(await testApp()).get('/api/v1/users/1/posts');
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: { id: number }) => p.id)).toEqual([1, 2]);
  });

  it("lists only that author's posts", async () => {
    const res = await request(await testApp()).get('/api/v1/users/2/posts');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([expect.objectContaining({ id: 3, authorId: 2 })]);
  });

  it('answers an empty list for a user without posts', async () => {
    const res = await request(await testApp()).get('/api/v1/users/3/posts');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [] });
  });

  it('answers 404 naming the user id for a user that does not exist', async () => {
    const res = await request(await testApp()).get('/api/v1/users/99/posts');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, detail: 'User 99 does not exist' });
  });
});
