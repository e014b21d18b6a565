import type { RequestHandler } from 'express';
import { UnauthorizedError } from '../errors/app-error';
import type { AccessTokens } from './jwt';

/** Who is calling, as authentication established it. */
export interface AuthenticatedUser {
  readonly id: number;
}

/** How authentication finds the caller; the users repository provides it. */
export interface CallerLookup {
  findCaller(userId: number): Promise<AuthenticatedUser | undefined>;
}

export interface AuthGuards {
  /** 401 unless a valid Bearer token names an existing user; sets `req.auth`. */
  authenticate: RequestHandler;
}

export function createAuthGuards(deps: {
  tokens: AccessTokens;
  callers: CallerLookup;
}): AuthGuards {
  const { tokens, callers } = deps;

  return {
    authenticate: async (req, _res, next) => {
      const header = req.get('authorization');
      if (header === undefined) throw new UnauthorizedError();
      // RFC 6750's b64token, after the scheme and exactly one space: nothing else is a token.
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
      if (!match) {
        throw new UnauthorizedError(
          'Send the access token as "Authorization: Bearer <token>"',
          'invalid_token',
        );
      }
      let userId: number;
      try {
        userId = tokens.verify(match[1]!).userId;
      } catch {
        // Expired, forged, for another audience: the client hears one answer. The reason
        // (InvalidTokenError.reason) is for the server's security log (Day 9).
        throw new UnauthorizedError('The access token is invalid or expired', 'invalid_token');
      }
      // Ask the database, not the token: a user deleted since the token was issued is gone now.
      const caller = await callers.findCaller(userId);
      if (caller === undefined) {
        throw new UnauthorizedError('The access token is invalid or expired', 'invalid_token');
      }
      req.auth = caller;
      next();
    },
  };
}

/** The authenticated caller; only call it behind `authenticate`. */
export function callerOf(req: { auth?: AuthenticatedUser }): AuthenticatedUser {
  if (req.auth === undefined) throw new UnauthorizedError();
  return req.auth;
}
