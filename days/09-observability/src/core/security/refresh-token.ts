import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** 256 random bits: unguessable, so a fast hash (not bcrypt) is enough to store it. */
export function generateRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored; a database leak does not reveal usable tokens. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newTokenFamilyId(): string {
  return randomUUID();
}
