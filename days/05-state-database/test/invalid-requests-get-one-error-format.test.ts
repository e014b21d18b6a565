import request from 'supertest';
import { testApp } from './helpers';

const app = () => testApp();

describe('invalid requests are refused in one standard format', () => {
  it('answers 422 listing each invalid body field once, with its location and message', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .send({ name: '', priceCents: 19.99 });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 422,
      detail: 'The request body is not valid',
      errors: [
        { location: 'body', field: 'name', message: 'name must be 1 to 200 characters long' },
        {
          location: 'body',
          field: 'priceCents',
          message: 'priceCents must be a whole number from 0 to 10000000000',
        },
      ],
    });
  });

  it('reports a missing required field', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .send({ name: 'Desk mat' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'priceCents' })]);
  });

  it('answers 422 when the JSON body is not an object', async () => {
    const res = await request(await app())
      .post('/api/v1/products')
      .send([1, 2]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      detail: 'The request body must be a JSON object',
      errors: [{ location: 'body', field: '', message: 'Send a JSON object' }],
    });
  });

  it('answers 400 for an invalid path parameter, before looking at the body', async () => {
    const res = await request(await app())
      .patch('/api/v1/products/abc')
      .send({ name: '' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      status: 400,
      detail: 'The path or query parameters are not valid',
      errors: [{ location: 'params', field: 'id', message: 'id must be a positive whole number' }],
    });
  });

  it('answers 400 for a missing query parameter', async () => {
    const res = await request(await app()).get('/api/v1/products/search');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ location: 'query', field: 'q', message: 'q is required' }]);
  });

  it('requires at least one field in a PATCH', async () => {
    const res = await request(await app())
      .patch('/api/v1/products/1')
      .send({});
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      {
        location: 'body',
        field: '',
        message: 'send at least one of name, description, priceCents',
      },
    ]);
  });
});
