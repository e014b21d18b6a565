import type express from 'express';
import request from 'supertest';
import { ADMIN, DEMO_USERS, EDITOR, signIn, testApp } from './helpers';

const USER = DEMO_USERS[2].email;

/** Publishes a post as `author` and returns its id. */
async function publish(app: express.Express, author: string, title: string): Promise<number> {
  const res = await request(app)
    .post('/api/v1/posts')
    .set('Authorization', author)
    .send({ title, body: 'Published for everyone to read.', status: 'published' });
  if (res.status !== 201) throw new Error(`creating a post answered ${res.status}`);
  return res.body.id;
}

/** What a client learns from an answer: the status, and whether it describes the body. */
function learned(res: request.Response): string {
  const errors = Array.isArray(res.body?.errors)
    ? `, field errors: ${res.body.errors.map((e: { field: string }) => e.field).join(', ')}`
    : '';
  return `${res.status}${errors}`;
}

describe('a caller who may not change a post learns nothing about its body', () => {
  it('answers 403 to someone who is not the author, whatever body they send', async () => {
    const app = await testApp();
    const linus = await signIn(app, USER);
    const grace = await signIn(app, EDITOR);
    const linusPost = await publish(app, linus, 'By Linus');
    const gracePost = await publish(app, grace, 'By Grace');
    const patch = (auth: string, id: number, body: object) =>
      request(app).patch(`/api/v1/posts/${id}`).set('Authorization', auth).send(body);

    expect({
      "Grace edits Linus's post with an empty title": learned(
        await patch(grace, linusPost, { title: '' }),
      ),
      "Linus edits Grace's post with an unknown status and a number for a title": learned(
        await patch(linus, gracePost, { status: 'archived', title: 42 }),
      ),
      "Linus edits Grace's post with no field at all": learned(await patch(linus, gracePost, {})),
    }).toEqual({
      "Grace edits Linus's post with an empty title": '403',
      "Linus edits Grace's post with an unknown status and a number for a title": '403',
      "Linus edits Grace's post with no field at all": '403',
    });
  });

  it('checks in order: the id (400), then who may change the post (403), then the body (422)', async () => {
    const app = await testApp();
    const linus = await signIn(app, USER);
    const grace = await signIn(app, EDITOR);
    const ada = await signIn(app, ADMIN);
    const post = await publish(app, linus, 'By Linus');
    const invalid = { title: '', status: 'archived' };
    const patch = (auth: string, path: string, body: object) =>
      request(app).patch(`/api/v1/posts/${path}`).set('Authorization', auth).send(body);

    expect({
      '1. a malformed id, an invalid body, not the author': learned(
        await patch(grace, 'abc', invalid),
      ),
      '2. an invalid body, not the author': learned(await patch(grace, String(post), invalid)),
      '3. an invalid body, the author': learned(await patch(linus, String(post), invalid)),
      '4. an invalid body, an admin (who may change any post)': learned(
        await patch(ada, String(post), invalid),
      ),
      '5. a valid body, not the author': learned(
        await patch(grace, String(post), { title: 'Hijacked' }),
      ),
      '6. a valid body, the author': learned(
        await patch(linus, String(post), { title: 'By Linus, edited' }),
      ),
    }).toEqual({
      '1. a malformed id, an invalid body, not the author': '400, field errors: id',
      '2. an invalid body, not the author': '403',
      '3. an invalid body, the author': '422, field errors: title, status',
      '4. an invalid body, an admin (who may change any post)': '422, field errors: title, status',
      '5. a valid body, not the author': '403',
      '6. a valid body, the author': '200',
    });
  });
});
