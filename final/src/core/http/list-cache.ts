import type { Request, Response } from 'express';

/** A serialized response body, ready to send again. */
export interface CachedBody {
  readonly body: Buffer;
  /** The app's ETag for `body` (Express's weak ETag by default), computed once. */
  readonly etag: string | undefined;
}

/**
 * Serialized JSON responses of one public, read-mostly list (the product catalog), keyed on
 * the validated query and tagged with the dataset's version (`data_versions`, bumped by
 * triggers in the write's own transaction).
 *
 * Why: the catalog is read far more often than it changes, and most of a list request's CPU
 * went to work whose result only changes on a write: two queries, a row-to-object mapping,
 * `JSON.stringify`, the UTF-8 encoding and the ETag hash of about 3 kB. A hit costs one
 * single-row read of the version instead.
 *
 * Why it is safe: every request reads the current version from the database first, so a
 * committed write (from this process, another instance on the same file, or a shell) makes
 * every entry stale at once. Read the version, then the data: a write in between only makes
 * the stored entry newer than its tag, and the next request refetches it.
 *
 * Memory is bounded: entries are evicted least recently used first once their bodies exceed
 * `maxBytes` in total, so a client cycling through distinct queries cannot grow the heap.
 */
export class ListCache {
  private entries = new Map<string, CachedBody>();
  private version: number | undefined;
  private bytes = 0;

  constructor(private readonly maxBytes = 8 * 1024 * 1024) {}

  /**
   * The body cached for `key` at `version`. A newer version empties the cache first (versions
   * only grow). An older one comes from a request that read the version before a write that
   * another request has already seen: it gets nothing, and changes nothing.
   */
  get(key: string, version: number): CachedBody | undefined {
    if (this.version === undefined || version > this.version) {
      this.entries = new Map();
      this.bytes = 0;
      this.version = version;
      return undefined;
    }
    if (version < this.version) return undefined;
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Stores `value` serialized, as it was at `version`, and returns what to send. */
  set(key: string, version: number, value: unknown, req: Request): CachedBody {
    const body = Buffer.from(JSON.stringify(value));
    const etagFn = req.app.get('etag fn') as ((body: Buffer) => string) | undefined;
    const entry: CachedBody = { body, etag: etagFn?.(body) };
    if (version !== this.version || body.length > this.maxBytes) return entry;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.bytes -= previous.body.length;
    }
    this.entries.set(key, entry);
    this.bytes += body.length;
    for (const [oldest, evicted] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= evicted.body.length;
    }
    return entry;
  }

  /** Entries and bytes held (for tests and metrics). */
  get stats(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }
}

/**
 * Sends a cached JSON body like `res.json` would: same Content-Type, Content-Length and
 * ETag, so If-None-Match still gets a 304 and HEAD no body.
 */
export function sendCachedJson(res: Response, cached: CachedBody): void {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  if (cached.etag !== undefined) res.setHeader('ETag', cached.etag);
  res.send(cached.body);
}
