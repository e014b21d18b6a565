import type express from 'express';
import request from 'supertest';
import { EDITOR, signIn, testApp } from './helpers';

/** Where the requests of this test pretend to come from, to resolve relative type URIs. */
const ORIGIN = 'http://api.test';

/** Two different 422s and two different 400s, each with field errors. */
async function fieldProblems(app: express.Express) {
  const auth = await signIn(app, EDITOR);
  const [emptyName, emptyPatch, badId, missingQuery] = await Promise.all([
    request(app)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: '', priceCents: 19.99 }),
    request(app).patch('/api/v1/products/1').set('Authorization', auth).send({}),
    request(app).get('/api/v1/products/abc'),
    request(app).get('/api/v1/products/search'),
  ]);
  return { emptyName, emptyPatch, badId, missingQuery };
}

const kind = (res: request.Response) => ({
  status: res.status,
  type: res.body.type,
  title: res.body.title,
  hasErrors: Array.isArray(res.body.errors),
});

const OWN_TYPE = expect.not.stringMatching(/^about:blank$/);

describe('problems that carry field errors have a problem type of their own', () => {
  it('gives every 422 with field errors one type, not about:blank, and one title', async () => {
    const { emptyName, emptyPatch } = await fieldProblems(await testApp());
    const first = kind(emptyName);
    expect({ 'invalid name': first, 'empty PATCH': kind(emptyPatch) }).toEqual({
      'invalid name': { status: 422, type: OWN_TYPE, title: expect.any(String), hasErrors: true },
      'empty PATCH': { ...first, type: first.type === 'about:blank' ? OWN_TYPE : first.type },
    });
  });

  it('gives every 400 with field errors one type, not about:blank, and one title', async () => {
    const { badId, missingQuery } = await fieldProblems(await testApp());
    const first = kind(badId);
    expect({ 'bad id': first, 'missing q': kind(missingQuery) }).toEqual({
      'bad id': { status: 400, type: OWN_TYPE, title: expect.any(String), hasErrors: true },
      'missing q': { ...first, type: first.type === 'about:blank' ? OWN_TYPE : first.type },
    });
  });

  it('uses type URIs that mean the same from every URL of the API (absolute, or a full path)', async () => {
    const problems = await fieldProblems(await testApp());
    const types = [problems.emptyName.body.type, problems.badId.body.type].map(String);
    // A relative reference such as "invalid-body" resolves against the request URL, so it
    // would name a different type below every path (RFC 9457, section 3.1.1).
    const resolved = types.map((type) => ({
      type,
      'from /api/v1/products/1': new URL(type, `${ORIGIN}/api/v1/products/1`).href,
      'from /api/v1/users/2/posts': new URL(type, `${ORIGIN}/api/v1/users/2/posts`).href,
    }));
    expect(resolved).toEqual(
      types.map((type) => {
        const same = new URL(type, `${ORIGIN}/api/v1/products/1`).href;
        return {
          type: OWN_TYPE,
          'from /api/v1/products/1': same,
          'from /api/v1/users/2/posts': same,
        };
      }),
    );
  });

  it('documents each type where its URI points, when it points at this API', async () => {
    const app = await testApp();
    const problems = await fieldProblems(app);
    const documentation = [];
    for (const res of [problems.emptyName, problems.badId]) {
      const { type, title } = res.body as { type: string; title: string };
      const target = new URL(type, `${ORIGIN}/api/v1/products/1`);
      // A tag: or urn: URI documents nothing and need not; another host is out of reach here.
      const onThisApi = target.origin === ORIGIN;
      const page = onThisApi ? await request(app).get(target.pathname) : undefined;
      documentation.push({
        type,
        'GET on the type URI': page?.status ?? 'not on this API',
        'names the title': page === undefined || page.text.includes(title),
      });
    }
    expect(documentation).toEqual(
      documentation.map((d) => ({
        type: OWN_TYPE,
        'GET on the type URI':
          d['GET on the type URI'] === 'not on this API' ? d['GET on the type URI'] : 200,
        'names the title': true,
      })),
    );
  });
});
