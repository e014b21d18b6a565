import { type Database, openDatabase } from '../../src/core/db/database';
import { migrate } from '../../src/core/db/migrate';
import { sqliteRepositories } from '../../src/startup';
import { repositoryContract } from './repository-contract';

// A new in-memory database per test: opening and migrating one takes about a millisecond.
repositoryContract('SQLite', () => {
  const opened: Database[] = [];
  return {
    async repositories(clock) {
      const db = openDatabase(':memory:');
      opened.push(db);
      migrate(db);
      return sqliteRepositories(db, clock);
    },
    async close() {
      for (const db of opened) db.close();
    },
  };
});
