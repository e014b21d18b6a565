import type express from 'express';
import request from 'supertest';
import { PERMISSIONS, type Permission } from '../src/core/security/permissions';
import { ADMIN, DEMO_USERS, EDITOR, signIn, signUp, testApp, testDatabase } from './helpers';
import { changedTable, testAppWithPermissions } from './permission-table';

const LINUS = DEMO_USERS[2];

interface Written {
  readonly id: number;
  readonly title: string;
  readonly status: 'draft' | 'published';
  readonly author: string;
}

/**
 * Twelve posts by two authors, drafts and published ones interleaved, in an app whose database
 * holds no other post: Linus (a user) writes 4 published and 2 drafts, Margaret (a user) 3
 * published and 3 drafts.
 */
async function twoAuthors(app?: express.Express) {
  let db: ReturnType<typeof testDatabase> | undefined;
  if (app === undefined) {
    db = testDatabase();
    db.exec('DELETE FROM posts');
    app = await testApp({ db });
  }
  const linus: { id: number; authorization: string } = {
    id: LINUS.id,
    authorization: await signIn(app, LINUS.email),
  };
  const margaret = await signUp(app, 'Margaret');
  const plan: [typeof linus, string, 'draft' | 'published'][] = [
    [linus, 'Linus 1', 'published'],
    [margaret, 'Margaret 1', 'draft'],
    [linus, 'Linus 2', 'draft'],
    [margaret, 'Margaret 2', 'published'],
    [linus, 'Linus 3', 'published'],
    [margaret, 'Margaret 3', 'published'],
    [linus, 'Linus 4', 'draft'],
    [margaret, 'Margaret 4', 'draft'],
    [linus, 'Linus 5', 'published'],
    [margaret, 'Margaret 5', 'draft'],
    [linus, 'Linus 6', 'published'],
    [margaret, 'Margaret 6', 'published'],
  ];
  const posts: Written[] = [];
  for (const [author, title, status] of plan) {
    const res = await request(app)
      .post('/api/v1/posts')
      .set('Authorization', author.authorization)
      .send({ title, body: `${title}, ${status}`, status });
    if (res.status !== 201) throw new Error(`creating "${title}" answered ${res.status}`);
    posts.push({ id: res.body.id, title, status, author: title.split(' ')[0] ?? '' });
  }
  const byTitle = (title: string) => {
    const found = posts.find((p) => p.title === title);
    if (found === undefined) throw new Error(`no post "${title}"`);
    return found;
  };
  return { app, linus, margaret, posts, byTitle };
}

function get(app: express.Express, path: string, auth?: string) {
  const req = request(app).get(path);
  return auth === undefined ? req : req.set('Authorization', auth);
}

/** Every page of GET /posts?limit=3 as `auth` sees it: the sizes, the total, the titles. */
async function walkList(app: express.Express, titles: Map<number, string>, auth?: string) {
  const sizes: number[] = [];
  const listed: string[] = [];
  let total: unknown;
  for (let page = 1; page <= 10; page += 1) {
    const res = await get(app, `/api/v1/posts?limit=3&page=${page}`, auth);
    if (res.status !== 200) return { error: `page ${page} answered ${res.status}` };
    total = res.body.page.total;
    const items: { id: number }[] = res.body.data;
    if (items.length === 0) break;
    sizes.push(items.length);
    listed.push(...items.map((p) => titles.get(p.id) ?? `post ${p.id}`));
  }
  return { total, 'page sizes': sizes, listed: listed.sort() };
}

/** The titles GET /posts/:id answers 200 for, as `auth`. */
async function openable(app: express.Express, posts: readonly Written[], auth?: string) {
  const shown: string[] = [];
  for (const post of posts) {
    if ((await get(app, `/api/v1/posts/${post.id}`, auth)).status === 200) shown.push(post.title);
  }
  return shown.sort();
}

describe('drafts stay private, in every answer', () => {
  it('shows a draft only to its author and to roles that may read drafts: 404 to everyone else', async () => {
    const { app, margaret, byTitle } = await twoAuthors();
    const linusDraft = byTitle('Linus 2').id;
    const margaretDraft = byTitle('Margaret 1').id;
    const grace = await signIn(app, EDITOR);
    const ada = await signIn(app, ADMIN);
    const linus = await signIn(app, LINUS.email);
    const status = async (id: number, auth?: string) =>
      (await get(app, `/api/v1/posts/${id}`, auth)).status;

    expect({
      "Linus's draft, anonymous": await status(linusDraft),
      "Linus's draft, Margaret (a user)": await status(linusDraft, margaret.authorization),
      "Linus's draft, Grace (an editor)": await status(linusDraft, grace),
      "Linus's draft, Linus (its author)": await status(linusDraft, linus),
      "Linus's draft, Ada (an admin)": await status(linusDraft, ada),
      "Margaret's draft, anonymous": await status(margaretDraft),
      "Margaret's draft, Linus (a user)": await status(margaretDraft, linus),
      "Margaret's draft, Margaret (its author)": await status(
        margaretDraft,
        margaret.authorization,
      ),
      "Margaret's draft, Ada (an admin)": await status(margaretDraft, ada),
    }).toEqual({
      "Linus's draft, anonymous": 404,
      "Linus's draft, Margaret (a user)": 404,
      "Linus's draft, Grace (an editor)": 404,
      "Linus's draft, Linus (its author)": 200,
      "Linus's draft, Ada (an admin)": 200,
      "Margaret's draft, anonymous": 404,
      "Margaret's draft, Linus (a user)": 404,
      "Margaret's draft, Margaret (its author)": 200,
      "Margaret's draft, Ada (an admin)": 200,
    });
  });

  it('answers 404, not 403, to a change or a delete of a draft the caller cannot see, and keeps it', async () => {
    const { app, linus, margaret, byTitle } = await twoAuthors();
    const linusDraft = byTitle('Linus 2').id;
    const margaretDraft = byTitle('Margaret 4').id;
    const grace = await signIn(app, EDITOR);
    const answer = (res: request.Response) => `${res.status} ${res.type}`;
    expect({
      "Margaret renames Linus's draft": answer(
        await request(app)
          .patch(`/api/v1/posts/${linusDraft}`)
          .set('Authorization', margaret.authorization)
          .send({ title: 'Renamed by Margaret' }),
      ),
      "Margaret deletes Linus's draft": answer(
        await request(app)
          .delete(`/api/v1/posts/${linusDraft}`)
          .set('Authorization', margaret.authorization),
      ),
      "Grace (an editor) publishes Margaret's draft": answer(
        await request(app)
          .patch(`/api/v1/posts/${margaretDraft}`)
          .set('Authorization', grace)
          .send({ status: 'published' }),
      ),
      "Linus's draft afterwards, as Linus": (
        await get(app, `/api/v1/posts/${linusDraft}`, linus.authorization)
      ).body.title,
      "Margaret's draft afterwards, as Margaret": (
        await get(app, `/api/v1/posts/${margaretDraft}`, margaret.authorization)
      ).body.status,
    }).toEqual({
      "Margaret renames Linus's draft": '404 application/problem+json',
      "Margaret deletes Linus's draft": '404 application/problem+json',
      "Grace (an editor) publishes Margaret's draft": '404 application/problem+json',
      "Linus's draft afterwards, as Linus": 'Linus 2',
      "Margaret's draft afterwards, as Margaret": 'draft',
    });
  });

  it('lists what GET /posts/:id shows the caller, on full pages, with a total that counts only that', async () => {
    const { app, linus, margaret, posts } = await twoAuthors();
    const grace = await signIn(app, EDITOR);
    const titles = new Map(posts.map((p) => [p.id, p.title]));
    const published = posts.filter((p) => p.status === 'published').map((p) => p.title);
    const plus = (author: string) =>
      [
        ...published,
        ...posts.filter((p) => p.status === 'draft' && p.author === author).map((p) => p.title),
      ].sort();
    const viewers: [string, string | undefined, string[]][] = [
      ['anonymous', undefined, [...published].sort()],
      ['Linus (author of 2 drafts)', linus.authorization, plus('Linus')],
      ['Margaret (author of 3 drafts)', margaret.authorization, plus('Margaret')],
      ['Grace (an editor, no drafts)', grace, [...published].sort()],
    ];
    const seen: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [who, auth, visible] of viewers) {
      seen[who] = {
        ...(await walkList(app, titles, auth)),
        'GET /posts/:id shows': await openable(app, posts, auth),
      };
      const full = Math.floor(visible.length / 3);
      expected[who] = {
        total: visible.length,
        'page sizes': [...Array(full).fill(3), ...(visible.length % 3 ? [visible.length % 3] : [])],
        listed: visible,
        'GET /posts/:id shows': visible,
      };
    }
    // The author's own address lists their posts by the same rule.
    const linusPage = async (auth?: string) =>
      ((await get(app, `/api/v1/users/${LINUS.id}/posts`, auth)).body.data as { id: number }[])
        .map((p) => titles.get(p.id))
        .sort();
    seen['/users/:id/posts of Linus, anonymous'] = await linusPage();
    seen['/users/:id/posts of Linus, as Linus'] = await linusPage(linus.authorization);
    expected['/users/:id/posts of Linus, anonymous'] = published
      .filter((t) => t.startsWith('Linus'))
      .sort();
    expected['/users/:id/posts of Linus, as Linus'] = posts
      .filter((p) => p.author === 'Linus')
      .map((p) => p.title)
      .sort();
    expect(seen).toEqual(expected);
  });

  it('decides from the permission table: whoever may read drafts sees them, whatever the role is called', async () => {
    // The same app, loaded with a table in which editors may read drafts and admins may not.
    const app = await testAppWithPermissions(
      changedTable(PERMISSIONS, {
        grant: { editor: ['posts:read-drafts' satisfies Permission] },
        revoke: { admin: ['posts:read-drafts'] },
      }),
    );
    const { byTitle } = await twoAuthors(app);
    const draft = byTitle('Margaret 5').id;
    expect({
      "Grace (an editor) opens Margaret's draft": (
        await get(app, `/api/v1/posts/${draft}`, await signIn(app, EDITOR))
      ).status,
      "Ada (an admin) opens Margaret's draft": (
        await get(app, `/api/v1/posts/${draft}`, await signIn(app, ADMIN))
      ).status,
    }).toEqual({
      "Grace (an editor) opens Margaret's draft": 200,
      "Ada (an admin) opens Margaret's draft": 404,
    });
  });
});
