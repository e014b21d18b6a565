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
 * HS256 access tokens. Verification pins the algorithm (no `none`, no RS/HS confusion),
 * requires `exp`, and checks issuer and audience. The token carries only the user id: the
 * role is looked up per request, so a demotion applies immediately.
 */
export function createAccessTokens(settings: Config['jwt'], clock: Clock): AccessTokens {
  const nowSeconds = () => Math.floor(clock.now() / 1000);
  // jsonwebtoken turns a string secret into a KeyObject on every sign and verify (every
  // authenticated request); the same key, built once.
  const key = createSecretKey(Buffer.from(settings.secret));

  return {
    issue(userId) {
      const token = jwt.sign({ iat: nowSeconds() }, key, {
        algorithm: ALGORITHM,
        expiresIn: settings.accessTokenTtlSeconds,
        issuer: settings.issuer,
        audience: settings.audience,
        subject: String(userId),
      });
      return { token, expiresIn: settings.accessTokenTtlSeconds };
    },

    verify(token) {
      let payload: string | jwt.JwtPayload;
      try {
        payload = jwt.verify(token, key, {
          algorithms: [ALGORITHM],
          issuer: settings.issuer,
          audience: settings.audience,
          clockTimestamp: nowSeconds(),
        });
      } catch (error) {
        throw new InvalidTokenError(error instanceof Error ? error.name : 'unverifiable');
      }
      if (typeof payload === 'string' || typeof payload.exp !== 'number') {
        throw new InvalidTokenError('missing exp');
      }
      const userId = Number(payload.sub);
      if (!Number.isSafeInteger(userId) || userId < 1) throw new InvalidTokenError('bad sub');
      return { userId };
    },
  };
}
