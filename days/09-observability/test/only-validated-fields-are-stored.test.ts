import request from 'supertest';
import { EDITOR, manualClock, signIn, testApp } from './helpers';

// Every expectation compares whole products, so a failure shows the stored product next to
// the one the contract allows: a `+` line is a field or value that came from the client's
// JSON instead of from validation.
const NOW = Date.UTC(2026, 2, 1, 12);
const at = new Date(NOW).toISOString();
const SEEDED = '2026-01-15T09:00:00.000Z';

async function app() {
  return testApp({ clock: manualClock(NOW) });
}

describe('handlers pass the validated DTO, so only validated values are stored', () => {
  it('stores what validation produced: the trimmed name and the default description', async () => {
    const server = await app();
    const auth = await signIn(server, EDITOR);
    const first = await request(server)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: '  Desk mat  ', priceCents: 1900 });
    expect(first.body).toEqual({
      id: 5,
      name: 'Desk mat',
      description: '',
      priceCents: 1900,
      createdAt: at,
      updatedAt: at,
    });
    const second = await request(server)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: '\tCable tray\n', description: 'Under-desk, steel', priceCents: 2500 });
    expect(second.body).toEqual({
      id: 6,
      name: 'Cable tray',
      description: 'Under-desk, steel',
      priceCents: 2500,
      createdAt: at,
      updatedAt: at,
    });
  });

  it('drops the fields the create contract does not declare, in the response and in the store', async () => {
    const server = await app();
    const auth = await signIn(server, EDITOR);
    const expected = {
      id: 5,
      name: 'Monitor arm',
      description: '',
      priceCents: 8900,
      createdAt: at,
      updatedAt: at,
    };
    const created = await request(server)
      .post('/api/v1/products')
      .set('Authorization', auth)
      .send({ name: 'Monitor arm', priceCents: 8900, featured: true, ownerId: 1 });
    expect(created.body).toEqual(expected);
    expect((await request(server).get('/api/v1/products/5')).body).toEqual(expected);
  });

  it('PATCH changes exactly the fields sent, falsy values included, and never the id', async () => {
    const server = await app();
    const auth = await signIn(server, EDITOR);
    const res = await request(server)
      .patch('/api/v1/products/2')
      .set('Authorization', auth)
      .send({ priceCents: 0, description: '', id: 7 });
    const expected = {
      id: 2,
      name: 'Laptop stand',
      description: '',
      priceCents: 0,
      createdAt: SEEDED,
      updatedAt: at,
    };
    expect(res.body).toEqual(expected);
    expect((await request(server).get('/api/v1/products/2')).body).toEqual(expected);
    expect((await request(server).get('/api/v1/products/7')).status).toBe(404);
  });

  it('PATCH stores the sanitized value and no field the update contract does not declare', async () => {
    const server = await app();
    const auth = await signIn(server, EDITOR);
    const res = await request(server)
      .patch('/api/v1/products/3')
      .set('Authorization', auth)
      .send({ name: '  USB-C dock ', internalNote: 'margin 60%' });
    expect(res.body).toEqual({
      id: 3,
      name: 'USB-C dock',
      description: 'Seven ports, 100 W pass-through charging',
      priceCents: 3900,
      createdAt: SEEDED,
      updatedAt: at,
    });
  });
});
