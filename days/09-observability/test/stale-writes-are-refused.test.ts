import assert from 'node:assert/strict';
import request from 'supertest';
import { describeInterleaving, inEveryInterleaving } from './another-process';
import { EDITOR, signIn, testApp } from './helpers';

type App = Awaited<ReturnType<typeof testApp>>;

/** A strong entity tag: a quoted string, without the W/ of a weak one (RFC 9110 § 8.8.3). */
const STRONG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

async function etagOf(app: App, id: number): Promise<string> {
  const res = await request(app).get(`/api/v1/products/${id}`);
  assert.equal(res.status, 200, `GET /api/v1/products/${id} answered ${res.status}`);
  const etag = res.headers['etag'];
  assert.ok(
    typeof etag === 'string' && STRONG.test(etag),
    `GET /api/v1/products/${id} should send a strong ETag, such as "7Gq2rA"; it sent ${String(etag)}. ` +
      'If-Match compares entity tags strongly (RFC 9110 § 13.1.1), so a weak W/"…" tag, like the ' +
      'one Express adds by default, can never match.',
  );
  return etag;
}

/** Each app's signed-in caller, logged in once: a PATCH needs one. */
const callers = new WeakMap<App, string>();

async function authorization(app: App): Promise<string> {
  const known = callers.get(app);
  if (known !== undefined) return known;
  const auth = await signIn(app, EDITOR);
  callers.set(app, auth);
  return auth;
}

async function patch(app: App, id: number, ifMatch: string | undefined, body: object) {
  const req = request(app)
    .patch(`/api/v1/products/${id}`)
    .set('Authorization', await authorization(app));
  return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
}

/** The parts of an answer a client acts on. */
function answer(res: request.Response) {
  return {
    status: res.status,
    contentType: String(res.headers['content-type']).split(';')[0],
  };
}

describe('a PATCH based on a stale read is refused (If-Match)', () => {
  it('answers 412 problem+json to the second of two clients that read the same version, and keeps the first one’s change', async () => {
    const app = await testApp();
    // Two clients read product 2, then both send a change based on what they read.
    const seen = (await request(app).get('/api/v1/products/2')).headers['etag'];
    const first = await patch(app, 2, seen, { priceCents: 3900 });
    const second = await patch(app, 2, seen, { description: 'Written over a stale read' });
    // The same race on product 3, with other fields.
    const seen3 = (await request(app).get('/api/v1/products/3')).headers['etag'];
    const first3 = await patch(app, 3, seen3, { name: 'USB-C dock' });
    const second3 = await patch(app, 3, seen3, { priceCents: 1 });
    const product2 = (await request(app).get('/api/v1/products/2')).body;
    const product3 = (await request(app).get('/api/v1/products/3')).body;

    expect({
      '1. second client on product 2 (its If-Match names the version before the first change)':
        answer(second),
      '2. second client on product 3 (same race, other fields)': answer(second3),
      '3. first client on product 2, then on product 3 (their If-Match is current)': [
        answer(first),
        answer(first3),
      ],
      '4. product 2 afterwards': {
        priceCents: product2.priceCents,
        description: product2.description,
      },
      '5. product 3 afterwards': { name: product3.name, priceCents: product3.priceCents },
    }).toEqual({
      '1. second client on product 2 (its If-Match names the version before the first change)': {
        status: 412,
        contentType: 'application/problem+json',
      },
      '2. second client on product 3 (same race, other fields)': {
        status: 412,
        contentType: 'application/problem+json',
      },
      '3. first client on product 2, then on product 3 (their If-Match is current)': [
        { status: 200, contentType: 'application/json' },
        { status: 200, contentType: 'application/json' },
      ],
      '4. product 2 afterwards': { priceCents: 3900, description: 'Aluminium, adjustable height' },
      '5. product 3 afterwards': { name: 'USB-C dock', priceCents: 3900 },
    });
  });

  it('tags each product with a strong ETag that every write changes, even within one clock tick', async () => {
    // testApp's clock never moves by itself: every write below happens in the same millisecond.
    const app = await testApp();
    const first = await etagOf(app, 2);
    const other = await etagOf(app, 1);
    const res1 = await patch(app, 2, first, { priceCents: 3900 });
    const afterFirst = res1.headers['etag'];
    const readBack = await etagOf(app, 2);
    const res2 = await patch(app, 2, readBack, { priceCents: 3800 });
    const afterSecond = res2.headers['etag'];
    const staleAgain = await patch(app, 2, readBack, { priceCents: 3700 });

    expect({
      '1. products 1 and 2 have different ETags': other !== first,
      '2. PATCH with the current ETag': res1.status,
      '3. its answer carries the new ETag': afterFirst !== undefined && afterFirst !== first,
      '4. a GET then sends that same ETag': readBack === afterFirst,
      '5. a second PATCH, in the same millisecond': res2.status,
      '6. its ETag differs from the one before it':
        afterSecond !== undefined && afterSecond !== readBack,
      '7. a PATCH with the ETag from before the second write': staleAgain.status,
    }).toEqual({
      '1. products 1 and 2 have different ETags': true,
      '2. PATCH with the current ETag': 200,
      '3. its answer carries the new ETag': true,
      '4. a GET then sends that same ETag': true,
      '5. a second PATCH, in the same millisecond': 200,
      '6. its ETag differs from the one before it': true,
      '7. a PATCH with the ETag from before the second write': 412,
    });
  });

  it('reads If-Match as RFC 9110 defines it: a list of entity tags, or * for any current version', async () => {
    const app = await testApp();
    const stale = await patch(app, 4, '"not-the-current-one", "nor-this-one"', { priceCents: 1 });
    const current = (await request(app).get('/api/v1/products/4')).headers['etag'];
    const listed = await patch(app, 4, `"not-the-current-one", ${current}`, { priceCents: 2 });
    const any = await patch(app, 4, '*', { priceCents: 3 });
    const none = await patch(app, 4, undefined, { priceCents: 4 });
    expect({
      '1. If-Match with two stale tags': stale.status,
      '2. If-Match listing the current tag second': listed.status,
      '3. If-Match: *': any.status,
      '4. no If-Match at all (an unconditional PATCH)': none.status,
    }).toEqual({
      '1. If-Match with two stale tags': 412,
      '2. If-Match listing the current tag second': 200,
      '3. If-Match: *': 200,
      '4. no If-Match at all (an unconditional PATCH)': 200,
    });
  });

  it('checks If-Match and writes as one atomic step: another process’s change is never overwritten', async () => {
    await inEveryInterleaving({
      setup: async ({ db }) => {
        const app = await testApp({ db });
        const etag = (await request(app).get('/api/v1/products/2')).headers['etag'];
        assert.ok(typeof etag === 'string', 'GET /api/v1/products/2 sent no ETag');
        await authorization(app); // logged in before, so the PATCH alone is observed
        return { app, etag };
      },
      operation: async (_scene, { app, etag }) => patch(app, 2, etag, { priceCents: 3900 }),
      // Another instance of this API, or a script, changes the price in the meantime.
      otherProcess: (other) => {
        other.prepare('UPDATE products SET price_cents = 4242 WHERE id = 2').run();
      },
      check: (res, interleaving, scene) => {
        const { price_cents: price } = scene.committed<{ price_cents: number }>(
          'SELECT price_cents FROM products WHERE id = 2',
        );
        const what = describeInterleaving(interleaving);
        if (interleaving.committed) {
          assert.equal(
            price,
            4242,
            `${what}, setting the price to 4242. Your PATCH carried the ETag from before that ` +
              `change, yet it answered ${res.status} and the price is now ${price}: the other ` +
              'change is lost. Compare If-Match with the product as it is at the moment you write, ' +
              'in one step no other connection can get between.',
          );
          assert.ok(
            res.status === 412 || res.status === 200,
            `${what}; your PATCH then answered ${res.status} (expected 412, or 200 if it wrote first)`,
          );
        } else {
          assert.equal(
            res.status,
            200,
            `${what}; the ETag was current, so the PATCH should succeed, but it answered ${res.status}`,
          );
          assert.equal(price, 3900, `${what}; the PATCH answered 200 but the price is ${price}`);
        }
      },
    });
  });
});
