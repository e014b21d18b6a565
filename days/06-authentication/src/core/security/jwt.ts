import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Config } from '../../config';
import type { Clock } from '../clock';

export interface IssuedAccessToken {
  readonly token: string;
  /** Seconds until expiry, as returned in the login response. */
  readonly expiresIn: number;
}

export interface AccessTokens {
  issue(userId: number): IssuedAccessToken;
  /** Returns the user id, or throws InvalidTokenError with a reason for the security log. */
  verify(token: string): { userId: number };
}

export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid access token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

const ALGORITHM = 'HS256';

/**
 * HS256 access tokens, signed with the configured secret. The token carries only the user id:
 * what else the server knows about the user is looked up per request.
 */
export function createAccessTokens(settings: Config['jwt'], clock: Clock): AccessTokens {
  // jsonwebtoken turns a string secret into a KeyObject on every sign and verify (every
  // authenticated request); the same key, built once.
  const key = createSecretKey(Buffer.from(settings.secret));

  return {
    issue(userId) {
      // TODO(exercise 6.1): this token names its user and nothing else. It never expires, says
      // neither who issued it nor which API it is for, and takes its time from this machine's
      // clock instead of the injected one (unused here).
      void clock;
      const token = jwt.sign({ sub: String(userId) }, key, { algorithm: ALGORITHM });
      return { token, expiresIn: settings.accessTokenTtlSeconds };
    },

    verify(token) {
      let payload: string | jwt.JwtPayload;
      try {
        // TODO(exercise 6.4): whatever a token claims passes, as long as the secret signed it:
        // another HMAC algorithm, no expiry, another issuer or audience, a subject that is no
        // user id. And its times are judged by this machine's clock, not the injected one.
        payload = jwt.verify(token, key);
      } catch (error) {
        throw new InvalidTokenError(error instanceof Error ? error.name : 'unverifiable');
      }
      if (typeof payload === 'string') throw new InvalidTokenError('not a JSON payload');
      return { userId: Number(payload.sub) };
    },
  };
}
