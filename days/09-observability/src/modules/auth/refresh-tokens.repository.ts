import type { Clock } from '../../core/clock';
import { type Database, inImmediateTransaction, translateErrors } from '../../core/db/database';

export interface NewRefreshToken {
  readonly userId: number;
  readonly familyId: string;
  readonly tokenHash: string;
  readonly expiresAt: Date;
}

export type RotationResult =
  | { readonly kind: 'rotated'; readonly userId: number }
  | { readonly kind: 'reused'; readonly userId: number; readonly familyId: string }
  | { readonly kind: 'invalid' };

/** Refresh tokens, addressed only by their hash. */
export interface RefreshTokensRepository {
  create(token: NewRefreshToken): Promise<void>;
  /**
   * Atomically retires `presentedHash` and stores its successor in the same family. A token
   * that was already rotated is a replay: the whole family is revoked and `reused` returned.
   */
  rotate(
    presentedHash: string,
    next: { tokenHash: string; expiresAt: Date },
  ): Promise<RotationResult>;
  /** Revokes the family the token belongs to (logout). Unknown tokens are ignored. */
  revokeFamilyOf(tokenHash: string): Promise<void>;
}

interface TokenRow {
  id: number;
  user_id: number;
  family_id: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

export class SqliteRefreshTokensRepository implements RefreshTokensRepository {
  private readonly insert;
  private readonly byHash;
  private readonly markRotated;
  private readonly revokeFamily;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(`
      INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)
      VALUES (?, ?, ?, ?, ?)`);
    this.byHash = db.prepare(
      'SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at FROM refresh_tokens WHERE token_hash = ?',
    );
    this.markRotated = db.prepare('UPDATE refresh_tokens SET rotated_at = ? WHERE id = ?');
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

  async rotate(
    presentedHash: string,
    next: { tokenHash: string; expiresAt: Date },
  ): Promise<RotationResult> {
    // Read, check and write under one write lock: two refreshes of the same token, in this
    // process or another, cannot both find it unrotated and both mint a successor.
    return translateErrors(() =>
      inImmediateTransaction(this.db, (): RotationResult => {
        const now = this.now();
        const row = this.byHash.get(presentedHash) as TokenRow | undefined;
        if (row === undefined) return { kind: 'invalid' };
        if (row.rotated_at !== null) {
          // Someone holds a token that was already exchanged: either the client or a thief
          // replays it. We cannot tell which, so the whole session ends.
          this.revokeFamily.run(now, row.family_id);
          return { kind: 'reused', userId: row.user_id, familyId: row.family_id };
        }
        if (row.revoked_at !== null || row.expires_at <= now) return { kind: 'invalid' };
        this.markRotated.run(now, row.id);
        this.insert.run(
          row.user_id,
          row.family_id,
          next.tokenHash,
          next.expiresAt.toISOString(),
          now,
        );
        return { kind: 'rotated', userId: row.user_id };
      }),
    );
  }

  async revokeFamilyOf(tokenHash: string): Promise<void> {
    translateErrors(() =>
      inImmediateTransaction(this.db, () => {
        const row = this.byHash.get(tokenHash) as TokenRow | undefined;
        if (row !== undefined) this.revokeFamily.run(this.now(), row.family_id);
      }),
    );
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
