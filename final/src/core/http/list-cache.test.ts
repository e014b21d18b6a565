import type { Request } from 'express';
import { ListCache } from './list-cache';

/** The part of a request ListCache reads: the app's ETag function. */
function requestWithEtag(etag?: (body: Buffer) => string): Request {
  return { app: { get: (name: string) => (name === 'etag fn' ? etag : undefined) } } as Request;
}

const req = requestWithEtag((body) => `W/"${body.length}"`);

describe('ListCache', () => {
  it('returns the serialized body and the app ETag it stored for the same key and version', () => {
    const cache = new ListCache();
    expect(cache.get('a', 1)).toBeUndefined();
    const stored = cache.set('a', 1, { data: [1, 2] }, req);
    expect(stored.body.toString()).toBe('{"data":[1,2]}');
    expect(stored.etag).toBe('W/"14"');
    expect(cache.get('a', 1)).toBe(stored);
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('leaves the ETag out when the app has ETags turned off', () => {
    expect(new ListCache().set('a', 1, [], requestWithEtag()).etag).toBeUndefined();
  });

  it('drops every entry when the version grows', () => {
    const cache = new ListCache();
    cache.get('a', 1);
    cache.set('a', 1, ['old'], req);
    cache.set('b', 1, ['old'], req);
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('b', 2)).toBeUndefined();
    expect(cache.stats).toEqual({ entries: 0, bytes: 0 });
  });

  it('neither serves nor stores for a request that read an older version', () => {
    const cache = new ListCache();
    cache.get('a', 2);
    cache.set('a', 2, ['current'], req);
    // A request that read version 1 before a write another request has already seen.
    expect(cache.get('a', 1)).toBeUndefined();
    const sent = cache.set('a', 1, ['stale'], req);
    expect(sent.body.toString()).toBe('["stale"]');
    expect(cache.get('a', 2)?.body.toString()).toBe('["current"]');
  });

  it('evicts the least recently used entries beyond its byte budget', () => {
    const cache = new ListCache(20);
    cache.get('x', 1);
    cache.set('a', 1, 'aaaaaaa', req); // 9 bytes
    cache.set('b', 1, 'bbbbbbb', req); // 18 in all
    cache.get('a', 1); // a is now the most recently used
    cache.set('c', 1, 'ccccccc', req); // 27 > 20: b goes
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBeDefined();
    expect(cache.get('c', 1)).toBeDefined();
    expect(cache.stats).toEqual({ entries: 2, bytes: 18 });
  });

  it('does not keep a body larger than the whole budget', () => {
    const cache = new ListCache(10);
    cache.get('x', 1);
    expect(cache.set('big', 1, 'x'.repeat(50), req).body.length).toBe(52);
    expect(cache.stats).toEqual({ entries: 0, bytes: 0 });
  });
});
