// Executable notes on Express 5's path syntax (path-to-regexp 8). Each test builds a tiny
// router and shows what a pattern matches, so the rules are checked, not remembered.
import express from 'express';
import request from 'supertest';

function echoParams(path: string): express.Express {
  const app = express();
  app.get(path, (req, res) => {
    res.json(req.params);
  });
  return app;
}

describe('Express 5 path syntax (path-to-regexp 8)', () => {
  it('captures one segment with :name, never across a slash', async () => {
    const app = echoParams('/files/:name');
    expect((await request(app).get('/files/report.pdf')).body).toEqual({ name: 'report.pdf' });
    await request(app).get('/files/a/b').expect(404);
  });

  it('captures the rest of the path as an array of segments with *splat', async () => {
    const app = echoParams('/files/*splat');
    const res = await request(app).get('/files/2026/q1/report.pdf');
    expect(res.body).toEqual({ splat: ['2026', 'q1', 'report.pdf'] });
    // A wildcard needs at least one segment; '{/*splat}' would make it optional.
    await request(app).get('/files').expect(404);
  });

  it('makes a part optional with braces: {/:format}', async () => {
    const app = echoParams('/reports/:id{/:format}');
    expect((await request(app).get('/reports/7')).body).toEqual({ id: '7' });
    expect((await request(app).get('/reports/7/csv')).body).toEqual({ id: '7', format: 'csv' });
  });

  it('rejects Express 4 patterns at registration: no inline regex, no bare *', () => {
    expect(() => echoParams('/products/:id(\\d+)')).toThrow();
    expect(() => echoParams('/assets/*')).toThrow();
    expect(() => echoParams('/users/:id?')).toThrow();
  });

  it('names the character and its index in a TypeError (path-to-regexp 8.4 wording)', () => {
    // The message a learner sees when a '/:id(\\d+)' from an Express 4 tutorial is registered.
    expect(() => echoParams('/:id(\\d+)')).toThrow(TypeError);
    expect(() => echoParams('/:id(\\d+)')).toThrow(
      'Unexpected ( at index 4: /:id(\\d+); visit https://git.new/pathToRegexpError for info',
    );
  });

  it('reserves ()[]?+! and accepts them escaped with a backslash', async () => {
    for (const path of ['/a(b)', '/a[b]', '/a?', '/a+', '/a!']) {
      expect(() => echoParams(path)).toThrow(/^Unexpected/);
    }
    const app = echoParams('/a\\(b\\)');
    await request(app).get('/a(b)').expect(200);
  });

  it('makes a wildcard optional in braces, and quotes a name that is not an identifier', async () => {
    const files = echoParams('/files{/*splat}');
    expect((await request(files).get('/files')).body).toEqual({});
    expect((await request(files).get('/files/a/b')).body).toEqual({ splat: ['a', 'b'] });
    const quoted = echoParams('/:"user-id"');
    expect((await request(quoted).get('/ada')).body).toEqual({ 'user-id': 'ada' });
  });

  it('decodes params: an encoded slash stays inside one segment', async () => {
    const app = echoParams('/files/:name');
    expect((await request(app).get('/files/a%2Fb')).body).toEqual({ name: 'a/b' });
  });
});
