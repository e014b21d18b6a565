// Entity tags for conditional requests (RFC 9110 § 8.8.3 and § 13.1.1).
import { createHash } from 'node:crypto';

/**
 * A strong entity tag for a JSON representation: a digest of the body itself, so equal bodies
 * get equal tags and any change, by anyone, gives a new one. A timestamp would not do: two
 * writes within one tick of the clock would share a tag.
 */
export function strongETag(representation: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(representation)).digest('base64url');
  return `"${digest}"`;
}

// One entity tag as RFC 9110 writes it: an optional W/ and a quoted string.
const ENTITY_TAG = /(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"/g;

/**
 * Whether an If-Match header lets a write go ahead on the representation tagged `current`:
 * `*` accepts any current representation; otherwise one of the listed tags must equal it by
 * strong comparison, so a weak tag (W/"…") never does.
 */
export function ifMatchAllows(header: string, current: string): boolean {
  if (header.trim() === '*') return true;
  return (header.match(ENTITY_TAG) ?? []).some((tag) => tag === current);
}
