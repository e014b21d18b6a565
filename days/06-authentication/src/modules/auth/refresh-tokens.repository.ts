import type { Clock } from '../../core/clock';
import { type Database, inImmediateTransaction, translateErrors } from '../../core/db/database';

export interface NewRefreshToken {
  readonly userId: number;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

/** A refresh token that may still be used: neither revoked nor expired. */
export interface ActiveRefreshToken {
  readonly userId: number;
  readonly familyId: string;
}

/** Refresh tokens, addressed only by their hash. */
export interface RefreshTokensRepository {
  create(token: NewRefreshToken): Promise<void>;
  /** The token with this hash, if it may still be used. */
  findActive(tokenHash: string): Promise<ActiveRefreshToken | undefined>;
  /** Revokes the family the token belongs to (logout). Unknown tokens are ignored. */
  revokeFamilyOf(tokenHash: string): Promise<void>;
}

export class SqliteRefreshTokensRepository implements RefreshTokensRepository {
  private readonly insert;
  private readonly active;
  private readonly familyOf;
  private readonly revokeFamily;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(`
      INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)
      VALUES (?, ?, ?, ?, ?)`);
    this.active = db.prepare(`
      SELECT user_id AS userId, family_id AS familyId FROM refresh_tokens
      WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?`);
    this.familyOf = db.prepare('SELECT family_id FROM refresh_tokens WHERE token_hash = ?').pluck();
    this.revokeFamily = db.prepare(
      'UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL',
    );
  }

  async create(token: NewRefreshToken): Promise<void> {
    translateErrors(() =>
      this.insert.run(
        token.userId,
        token.familyId,
        token.tokenHash,
        token.expiresAt.toISOString(),
        this.now(),
      ),
    );
  }

  async findActive(tokenHash: string): Promise<ActiveRefreshToken | undefined> {
    return this.active.get(tokenHash, this.now()) as ActiveRefreshToken | undefined;
  }

  async revokeFamilyOf(tokenHash: string): Promise<void> {
    translateErrors(() =>
      inImmediateTransaction(this.db, () => {
        const familyId = this.familyOf.get(tokenHash) as string | undefined;
        if (familyId !== undefined) this.revokeFamily.run(this.now(), familyId);
      }),
    );
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
