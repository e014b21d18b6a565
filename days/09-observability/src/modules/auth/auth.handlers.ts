import type { Request, Response } from 'express';
import { validated } from '../../core/http/validate';
import type { AuthService } from './auth.service';
import { login, logout, refresh, register } from './auth.validation';

export function authHandlers(auth: AuthService) {
  // Token responses must not be cached by browsers or proxies (RFC 6749 section 5.1).
  const sendTokens = (res: Response, body: object) => {
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').json(body);
  };

  return {
    async register(req: Request, res: Response) {
      const user = await auth.register(validated(req, 'body', register.body));
      res
        .status(201)
        .location(`${req.baseUrl.replace(/\/auth$/, '')}/users/${user.id}`)
        .json(user);
    },

    async login(req: Request, res: Response) {
      const { email, password } = validated(req, 'body', login.body);
      sendTokens(res, await auth.login(email, password, { ip: req.ip }));
    },

    async refresh(req: Request, res: Response) {
      const { refreshToken } = validated(req, 'body', refresh.body);
      sendTokens(res, await auth.refresh(refreshToken));
    },

    async logout(req: Request, res: Response) {
      const { refreshToken } = validated(req, 'body', logout.body);
      await auth.logout(refreshToken);
      res.status(204).end();
    },
  };
}
