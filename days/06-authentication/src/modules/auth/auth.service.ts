import type { Clock } from '../../core/clock';
import { UnauthorizedError } from '../../core/errors/app-error';
import type { AccessTokens } from '../../core/security/jwt';
import type { PasswordHasher } from '../../core/security/password-hasher';
import {
  generateRefreshToken,
  hashRefreshToken,
  newTokenFamilyId,
} from '../../core/security/refresh-token';
import { type PublicUser, toPublicUser } from '../users/users.mapper';
import type { UsersRepository } from '../users/users.repository';
import type { RefreshTokensRepository } from './refresh-tokens.repository';

export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
}

export interface Registration {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

const INVALID_CREDENTIALS = 'Invalid email or password';
const INVALID_REFRESH = 'The refresh token is invalid or expired';

export class AuthService {
  constructor(
    private readonly deps: {
      users: UsersRepository;
      refreshTokens: RefreshTokensRepository;
      passwords: PasswordHasher;
      accessTokens: AccessTokens;
      clock: Clock;
      refreshTokenTtlSeconds: number;
    },
  ) {}

  /** Self-registration always creates a plain `user`; roles are granted by an admin. */
  async register(input: Registration): Promise<PublicUser> {
    const passwordHash = await this.deps.passwords.hash(input.password);
    // A taken email is the repository's UniqueViolationError: the error handler answers 409.
    const user = await this.deps.users.create({
      email: input.email,
      name: input.name,
      passwordHash,
      role: 'user',
    });
    return toPublicUser(user);
  }

  /** Unknown email and wrong password fail with the same answer. */
  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.deps.users.findByEmail(email);
    // TODO(exercise 6.5): an unknown email is answered at once, without the bcrypt comparison
    // a known one costs, so the response time tells which emails have an account. And a
    // password longer than 72 bytes matches whenever its first 72 bytes do.
    if (user === undefined) throw new UnauthorizedError(INVALID_CREDENTIALS);
    const matches = await this.deps.passwords.verify(password, user.passwordHash);
    if (!matches) throw new UnauthorizedError(INVALID_CREDENTIALS);
    return this.issuePair(user.id, newTokenFamilyId());
  }

  /** Exchanges a refresh token for a new access token. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const token = await this.deps.refreshTokens.findActive(hashRefreshToken(refreshToken));
    if (token === undefined) throw new UnauthorizedError(INVALID_REFRESH, 'invalid_token');
    // TODO(exercise 6.2): the refresh token never changes. A stolen one works until it expires,
    // for the thief as for the owner, and nothing notices that two clients are using it.
    return this.pair(token.userId, refreshToken);
  }

  /** Ends the session the token belongs to. Unknown tokens succeed too: nothing to reveal. */
  async logout(refreshToken: string): Promise<void> {
    await this.deps.refreshTokens.revokeFamilyOf(hashRefreshToken(refreshToken));
  }

  private async issuePair(userId: number, familyId: string): Promise<TokenPair> {
    const refreshToken = generateRefreshToken();
    await this.deps.refreshTokens.create({
      userId,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: this.refreshExpiry(),
    });
    return this.pair(userId, refreshToken);
  }

  private pair(userId: number, refreshToken: string): TokenPair {
    const access = this.deps.accessTokens.issue(userId);
    return {
      accessToken: access.token,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
    };
  }

  private refreshExpiry(): Date {
    return new Date(this.deps.clock.now() + this.deps.refreshTokenTtlSeconds * 1000);
  }
}
