import { createHash } from 'node:crypto';

/**
 * The id git gives a file's content (`git hash-object`). The starter manifest records these, so
 * `npm run reset` can fetch the pristine starter from the clone's own history, even after the
 * learner committed their work on top of it.
 */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
