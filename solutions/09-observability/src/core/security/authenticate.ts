import type { RequestHandler } from 'express';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error';
import type { Logger } from '../logging/logger';
import { currentRequestContext } from '../logging/request-context';
import { logSecurityEvent } from '../logging/security-events';
import { type AccessTokens, InvalidTokenError } from './jwt';
import { type Permission, type Role, hasPermission } from './permissions';

/** Who is calling, as authentication established it: the account and its role right now. */
export interface AuthenticatedUser {
  readonly id: number;
  readonly role: Role;
}

/** How authentication finds the caller's current role; the users repository provides it. */
export interface CallerLookup {
  findCaller(userId: number): Promise<AuthenticatedUser | undefined>;
}

export interface AuthGuards {
  /** 401 unless a valid Bearer token names an existing user; sets `req.auth`. */
  authenticate: RequestHandler;
  /** Anonymous requests pass; a token, if sent, must still be valid. */
  authenticateOptional: RequestHandler;
  /** 403 unless the authenticated caller's role grants `permission`. */
  requirePermission(permission: Permission): RequestHandler;
}

export function createAuthGuards(deps: {
  tokens: AccessTokens;
  callers: CallerLookup;
  logger: Logger;
}): AuthGuards {
  const { tokens, callers, logger } = deps;

  const resolve =
    (required: boolean): RequestHandler =>
    async (req, _res, next) => {
      const header = req.get('authorization');
      if (header === undefined) {
        if (required) throw new UnauthorizedError();
        return next();
      }
      // RFC 6750's b64token, after the scheme and exactly one space: nothing else is a token.
      const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header);
      if (!match) {
        logSecurityEvent(logger, {
          event: 'invalid_token',
          ip: req.ip,
          reason: 'malformed header',
        });
        throw new UnauthorizedError(
          'Send the access token as "Authorization: Bearer <token>"',
          'invalid_token',
        );
      }
      let userId: number;
      try {
        userId = tokens.verify(match[1]!).userId;
      } catch (error) {
        // Expired, forged, for another audience: the client hears one answer; the reason
        // goes to the security log.
        const reason = error instanceof InvalidTokenError ? error.reason : 'unverifiable';
        logSecurityEvent(logger, { event: 'invalid_token', ip: req.ip, reason });
        throw new UnauthorizedError('The access token is invalid or expired', 'invalid_token');
      }
      // Read the role now, not from the token: a demoted or deleted user loses access at once.
      const caller = await callers.findCaller(userId);
      if (caller === undefined) {
        logSecurityEvent(logger, { event: 'invalid_token', ip: req.ip, reason: 'unknown user' });
        throw new UnauthorizedError('The access token is invalid or expired', 'invalid_token');
      }
      req.auth = caller;
      // Every line logged from here on names the caller, not only the request.
      const context = currentRequestContext();
      if (context) context.userId = caller.id;
      next();
    };

  return {
    authenticate: resolve(true),
    authenticateOptional: resolve(false),
    requirePermission: (permission) => (req, _res, next) => {
      const caller = req.auth;
      if (caller === undefined) throw new UnauthorizedError();
      // The error handler logs the refusal as a security event.
      if (!hasPermission(caller.role, permission)) throw new ForbiddenError();
      next();
    },
  };
}

/** The authenticated caller; only call it behind `authenticate`. */
export function callerOf(req: { auth?: AuthenticatedUser }): AuthenticatedUser {
  if (req.auth === undefined) throw new UnauthorizedError();
  return req.auth;
}
