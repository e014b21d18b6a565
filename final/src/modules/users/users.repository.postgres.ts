import type { Clock } from '../../core/clock';
import {
  type PostgresDatabase,
  type SqlExecutor,
  first,
  withUniqueMessage,
} from '../../core/db/postgres';
import { type PageRequest, offsetOf } from '../../core/http/pagination';
import { insertJob } from '../../core/jobs/job-queue.postgres';
import type { AuthenticatedUser } from '../../core/security/authenticate';
import type { Role } from '../../core/security/permissions';
import { type UserRecord, type UserRow, toUserRecord } from './users.mapper';
import {
  type GuardedWrite,
  type NewUser,
  type UsersRepository,
  WELCOME_MESSAGE_JOB,
} from './users.repository';

/** Users on PostgreSQL: the same contract as SqliteUsersRepository (one test suite holds both). */
export class PostgresUsersRepository implements UsersRepository {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async create(user: NewUser, options: { welcome: boolean }): Promise<UserRecord> {
    const work = this.db.transaction(async (tx) => {
      const now = this.now();
      const { rows } = await tx.query<UserRow>(
        `INSERT INTO users (email, name, password_hash, role, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING *`,
        [user.email, user.name, user.passwordHash, user.role, now],
      );
      const row = first(rows);
      if (options.welcome) {
        await insertJob(tx, this.clock, WELCOME_MESSAGE_JOB, { userId: row.id });
      }
      return toUserRecord(row);
    });
    return withUniqueMessage(work, 'An account with this email already exists');
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    return this.byId(this.db, id);
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    // lower() on both sides matches the unique index on lower(email): case-insensitive.
    const { rows } = await this.db.query<UserRow>(
      'SELECT * FROM users WHERE lower(email) = lower($1)',
      [email],
    );
    return rows[0] && toUserRecord(rows[0]);
  }

  async findCaller(userId: number): Promise<AuthenticatedUser | undefined> {
    const { rows } = await this.db.query<AuthenticatedUser>(
      'SELECT id, role FROM users WHERE id = $1',
      [userId],
    );
    return rows[0];
  }

  async list(page: PageRequest): Promise<{ items: UserRecord[]; total: number }> {
    // REPEATABLE READ: both statements read one snapshot, like SQLite's read transaction.
    return this.db.transaction(
      async (tx) => {
        const { rows } = await tx.query<UserRow>(
          'SELECT * FROM users ORDER BY id LIMIT $1 OFFSET $2',
          [page.limit, offsetOf(page)],
        );
        const { rows: count } = await tx.query<{ n: number }>(
          'SELECT COUNT(*)::integer AS n FROM users',
        );
        return { items: rows.map(toUserRecord), total: first(count).n };
      },
      { isolation: 'repeatable read', readOnly: true },
    );
  }

  async countAdmins(): Promise<number> {
    const { rows } = await this.db.query<{ n: number }>(
      `SELECT COUNT(*)::integer AS n FROM users WHERE role = 'admin'`,
    );
    return first(rows).n;
  }

  async update(
    id: number,
    changes: { name?: string; passwordHash?: string },
  ): Promise<UserRecord | undefined> {
    return this.db.transaction(async (tx) => {
      const now = this.now();
      if (changes.name !== undefined) {
        await tx.query('UPDATE users SET name = $1, updated_at = $2 WHERE id = $3', [
          changes.name,
          now,
          id,
        ]);
      }
      if (changes.passwordHash !== undefined) {
        await tx.query('UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3', [
          changes.passwordHash,
          now,
          id,
        ]);
        await tx.query(
          'UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL',
          [now, id],
        );
      }
      return this.byId(tx, id);
    });
  }

  async changeRole(id: number, role: Role): Promise<GuardedWrite<UserRecord>> {
    return this.db.transaction(async (tx): Promise<GuardedWrite<UserRecord>> => {
      const target = await this.lockForAdminRule(tx, id);
      if (target === undefined) return { ok: false, reason: 'not-found' };
      if (target.role === 'admin' && role !== 'admin' && (await this.lockedAdminCount(tx)) <= 1) {
        return { ok: false, reason: 'last-admin' };
      }
      const { rows } = await tx.query<UserRow>(
        'UPDATE users SET role = $1, updated_at = $2 WHERE id = $3 RETURNING *',
        [role, this.now(), id],
      );
      return { ok: true, value: toUserRecord(first(rows)) };
    });
  }

  async delete(id: number): Promise<GuardedWrite<void>> {
    return this.db.transaction(async (tx): Promise<GuardedWrite<void>> => {
      const target = await this.lockForAdminRule(tx, id);
      if (target === undefined) return { ok: false, reason: 'not-found' };
      if (target.role === 'admin' && (await this.lockedAdminCount(tx)) <= 1) {
        return { ok: false, reason: 'last-admin' };
      }
      await tx.query('DELETE FROM users WHERE id = $1', [id]);
      return { ok: true, value: undefined };
    });
  }

  /**
   * The last-admin rule reads (how many admins?) then writes, and two admins may demote each
   * other at the same moment on two instances. SQLite's write lock let one of them in at a
   * time; here every admin row is locked (FOR UPDATE) together with the target, in id order,
   * so the second transaction waits until the first commits and then counts what it left.
   */
  private async lockForAdminRule(tx: SqlExecutor, id: number): Promise<UserRow | undefined> {
    const { rows } = await tx.query<UserRow>(
      `SELECT * FROM users WHERE id = $1 OR role = 'admin' ORDER BY id FOR UPDATE`,
      [id],
    );
    return rows.find((row) => row.id === id);
  }

  private async lockedAdminCount(tx: SqlExecutor): Promise<number> {
    const { rows } = await tx.query<{ n: number }>(
      `SELECT COUNT(*)::integer AS n FROM users WHERE role = 'admin'`,
    );
    return first(rows).n;
  }

  private async byId(sql: SqlExecutor, id: number): Promise<UserRecord | undefined> {
    const { rows } = await sql.query<UserRow>('SELECT * FROM users WHERE id = $1', [id]);
    return rows[0] && toUserRecord(rows[0]);
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
