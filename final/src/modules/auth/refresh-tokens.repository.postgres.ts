import type { Clock } from '../../core/clock';
import type { PostgresDatabase, SqlExecutor } from '../../core/db/postgres';
import type {
  NewRefreshToken,
  RefreshTokensRepository,
  RotationResult,
} from './refresh-tokens.repository';

interface TokenRow {
  id: number;
  user_id: number;
  family_id: string;
  expires_at: string;
  rotated_at: string | null;
  revoked_at: string | null;
}

/** Refresh tokens on PostgreSQL: the same contract as SqliteRefreshTokensRepository. */
export class PostgresRefreshTokensRepository implements RefreshTokensRepository {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async create(token: NewRefreshToken): Promise<void> {
    await this.db.query(
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [token.userId, token.familyId, token.tokenHash, token.expiresAt.toISOString(), this.now()],
    );
  }

  async rotate(
    presentedHash: string,
    next: { tokenHash: string; expiresAt: Date },
  ): Promise<RotationResult> {
    return this.db.transaction(async (tx): Promise<RotationResult> => {
      const now = this.now();
      // FOR UPDATE: two instances presenting the same token at once both reach this line; the
      // second waits for the first to commit, then reads the row as the first left it
      // (rotated) and takes the replay branch. Without the lock both would read "not rotated"
      // and both hand out a successor. (SQLite: BEGIN IMMEDIATE served the same purpose.)
      const { rows } = await tx.query<TokenRow>(
        `SELECT id, user_id, family_id, expires_at, rotated_at, revoked_at
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
        [presentedHash],
      );
      const row = rows[0];
      if (row === undefined) return { kind: 'invalid' };
      if (row.rotated_at !== null) {
        // A token that was already exchanged: the client or a thief replays it, and we cannot
        // tell which, so the whole session ends.
        await revokeFamily(tx, row.family_id, now);
        return { kind: 'reused', userId: row.user_id, familyId: row.family_id };
      }
      if (row.revoked_at !== null || row.expires_at <= now) return { kind: 'invalid' };
      await tx.query('UPDATE refresh_tokens SET rotated_at = $1 WHERE id = $2', [now, row.id]);
      await tx.query(
        `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5)`,
        [row.user_id, row.family_id, next.tokenHash, next.expiresAt.toISOString(), now],
      );
      return { kind: 'rotated', userId: row.user_id };
    });
  }

  async revokeFamilyOf(tokenHash: string): Promise<void> {
    // One statement: the family is looked up and revoked atomically.
    await this.db.query(
      `UPDATE refresh_tokens SET revoked_at = $1
       WHERE revoked_at IS NULL
         AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $2)`,
      [this.now(), tokenHash],
    );
  }

  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM refresh_tokens WHERE expires_at <= $1', [
      this.now(),
    ]);
    return rowCount;
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}

function revokeFamily(tx: SqlExecutor, familyId: string, now: string): Promise<unknown> {
  return tx.query(
    'UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL',
    [now, familyId],
  );
}
