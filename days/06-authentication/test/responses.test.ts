// What res.status/json/send/end put on the wire: the counterpart of axum's IntoResponse.
import express from 'express';
import request from 'supertest';

function app(): express.Express {
  const a = express();
  a.get('/json', (_req, res) => {
    res.json({ ok: true });
  });
  a.get('/text', (_req, res) => {
    res.send('hello');
  });
  a.get('/created', (_req, res) => {
    res.status(201).location('/things/1').json({ id: 1 });
  });
  a.delete('/thing', (_req, res) => {
    res.status(204).end();
  });
  return a;
}

describe('responses on the wire', () => {
  it('res.json serializes, sets Content-Type with a charset, Content-Length and an ETag', async () => {
    const res = await request(await app()).get('/json');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('{"ok":true}')));
    expect(res.headers['etag']).toBeDefined();
    expect(res.text).toBe('{"ok":true}');
  });

  it('res.send with a string answers text/html unless told otherwise', async () => {
    const res = await request(await app()).get('/text');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers 304 Not Modified, without a body, when the client already has the ETag', async () => {
    const first = await request(await app()).get('/json');
    const etag = String(first.headers['etag']);
    const again = await request(await app())
      .get('/json')
      .set('If-None-Match', etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('sets status and headers before the body: 201 with Location', async () => {
    const res = await request(await app()).get('/created');
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe('/things/1');
  });

  it('sends no body and no Content-Type with 204', async () => {
    const res = await request(await app()).delete('/thing');
    expect(res.status).toBe(204);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.text).toBe('');
  });

  it('answers HEAD with the GET headers and no body', async () => {
    const res = await request(await app()).head('/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('11');
    expect(res.text).toBeUndefined();
  });
});
