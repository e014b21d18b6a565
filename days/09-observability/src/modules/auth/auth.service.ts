import type { Clock } from '../../core/clock';
import { UnauthorizedError } from '../../core/errors/app-error';
import type { Logger } from '../../core/logging/logger';
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
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly deps: {
      users: UsersRepository;
      refreshTokens: RefreshTokensRepository;
      passwords: PasswordHasher;
      accessTokens: AccessTokens;
      clock: Clock;
      logger: Logger;
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

  /**
   * Unknown email and wrong password fail identically, and both run one bcrypt comparison,
   * so neither the body nor the response time tells an attacker which emails exist.
   * `_client` says where the attempt came from (for the log).
   */
  async login(email: string, password: string, _client: { ip?: string }): Promise<TokenPair> {
    const user = await this.deps.users.findByEmail(email);
    // No stored password exceeds 72 bytes; a longer one would only be compared truncated.
    const tooLong = Buffer.byteLength(password, 'utf8') > 72;
    const hash = user?.passwordHash ?? (await this.getDummyHash());
    const matches = (await this.deps.passwords.verify(password, hash)) && !tooLong;
    // TODO(exercise 9.3): a thousand wrong passwords for one account, or one password tried
    // on a thousand accounts, leave no trace: the operator cannot see a guessing attack.
    if (user === undefined || !matches) throw new UnauthorizedError(INVALID_CREDENTIALS);
    return this.issuePair(user.id, newTokenFamilyId());
  }

  /** Exchanges a refresh token for a new pair; the presented token dies in the process. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const next = generateRefreshToken();
    const result = await this.deps.refreshTokens.rotate(hashRefreshToken(refreshToken), {
      tokenHash: hashRefreshToken(next),
      expiresAt: this.refreshExpiry(),
    });
    // 'reused' has already revoked the whole family; the client hears the same as 'invalid'.
    // TODO(exercise 9.3): a replayed refresh token means one was stolen, and nobody hears of it.
    if (result.kind !== 'rotated') throw new UnauthorizedError(INVALID_REFRESH, 'invalid_token');
    return this.pair(result.userId, next);
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

  private getDummyHash(): Promise<string> {
    // Hashed once at the configured cost, so a miss costs as much as a real comparison.
    this.dummyHash ??= this.deps.passwords.hash('timing-equaliser-not-a-password');
    return this.dummyHash;
  }
}
