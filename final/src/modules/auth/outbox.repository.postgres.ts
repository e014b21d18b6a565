import type { Clock } from '../../core/clock';
import type { PostgresDatabase } from '../../core/db/postgres';
import type { OutboxMessage, OutboxRepository } from './outbox.repository';

/** The outbox on PostgreSQL: the same contract as SqliteOutboxRepository. */
export class PostgresOutboxRepository implements OutboxRepository {
  constructor(
    private readonly db: PostgresDatabase,
    private readonly clock: Clock,
  ) {}

  async add(message: Omit<OutboxMessage, 'id' | 'createdAt'>): Promise<void> {
    // ON CONFLICT DO NOTHING is atomic in PostgreSQL too: two instances retrying the same job
    // at once add one message.
    await this.db.query(
      `INSERT INTO outbox (dedupe_key, recipient, subject, body, created_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [message.dedupeKey, message.recipient, message.subject, message.body, this.now()],
    );
  }

  async list(): Promise<OutboxMessage[]> {
    const { rows } = await this.db.query<OutboxMessage>(
      `SELECT id, dedupe_key AS "dedupeKey", recipient, subject, body, created_at AS "createdAt"
       FROM outbox ORDER BY id`,
    );
    return rows;
  }

  /** The clock's time as stored: ISO-8601 UTC text, which sorts correctly. */
  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }
}
