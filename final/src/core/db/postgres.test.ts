import { DatabaseBusyError, DatabaseUnavailableError, UniqueViolationError } from './errors';
import {
  MAX_TRANSACTION_ATTEMPTS,
  type PostgresDriver,
  postgresDatabase,
  translatePostgresError,
  withUniqueMessage,
} from './postgres';

function pgError(code: string, message = `driver text for ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

/** A driver whose transactions fail with the given errors, in order, then succeed. */
function flakyDriver(failures: Error[]): PostgresDriver & { attempts: number } {
  const driver = {
    attempts: 0,
    query: async () => ({ rows: [], rowCount: 0 }),
    inTransaction: async <T>(_begin: string, work: (tx: never) => Promise<T>) => {
      driver.attempts += 1;
      const failure = failures.shift();
      if (failure !== undefined) throw failure;
      return work(undefined as never);
    },
    close: async () => {},
  };
  return driver;
}

describe('PostgreSQL errors in engine-neutral words', () => {
  it('turn a unique violation into UniqueViolationError, keeping the driver error as cause', () => {
    const driverError = pgError('23505');
    const translated = translatePostgresError(driverError);
    expect(translated).toBeInstanceOf(UniqueViolationError);
    expect((translated as Error).message).not.toContain('driver text');
    expect((translated as Error).cause).toBe(driverError);
  });

  it.each([
    ['a statement timeout', pgError('57014'), DatabaseBusyError],
    ['a lock timeout', pgError('55P03'), DatabaseBusyError],
    ['a refused connection', pgError('ECONNREFUSED'), DatabaseUnavailableError],
    ['a server shutting down', pgError('57P01'), DatabaseUnavailableError],
    ['a connection failure class 08', pgError('08006'), DatabaseUnavailableError],
    ['too many connections', pgError('53300'), DatabaseUnavailableError],
    [
      'the pool timing out',
      new Error('timeout exceeded when trying to connect'),
      DatabaseUnavailableError,
    ],
    [
      'a connection lost mid-query',
      new Error('Connection terminated unexpectedly'),
      DatabaseUnavailableError,
    ],
  ])('answer %s with a retryable 503 kind', (_name, error, kind) => {
    expect(translatePostgresError(error)).toBeInstanceOf(kind);
  });

  it('let any other error through unchanged (a bug: 500, logged)', () => {
    const syntax = pgError('42601');
    expect(translatePostgresError(syntax)).toBe(syntax);
  });

  it('put the repository words on a unique violation', async () => {
    const write = Promise.reject(new UniqueViolationError(undefined, { cause: pgError('23505') }));
    await expect(withUniqueMessage(write, 'That name is taken')).rejects.toThrow(
      'That name is taken',
    );
  });
});

describe('PostgreSQL units of work', () => {
  it('run again from the start after a serialization failure or a deadlock', async () => {
    const driver = flakyDriver([pgError('40001'), pgError('40P01')]);
    const db = postgresDatabase(driver);
    await expect(db.transaction(async () => 'done')).resolves.toBe('done');
    expect(driver.attempts).toBe(3);
  });

  it(`give up after ${MAX_TRANSACTION_ATTEMPTS} attempts with DatabaseBusyError (503)`, async () => {
    const driver = flakyDriver(Array.from({ length: 10 }, () => pgError('40001')));
    const db = postgresDatabase(driver);
    await expect(db.transaction(async () => 'never')).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(driver.attempts).toBe(MAX_TRANSACTION_ATTEMPTS);
  });

  it('never retry other errors', async () => {
    const driver = flakyDriver([pgError('23505')]);
    const db = postgresDatabase(driver);
    await expect(db.transaction(async () => 'x')).rejects.toBeInstanceOf(UniqueViolationError);
    expect(driver.attempts).toBe(1);
  });

  it('begin with the isolation level the use case asks for', async () => {
    const begins: string[] = [];
    const db = postgresDatabase({
      ...flakyDriver([]),
      inTransaction: async (begin, work) => {
        begins.push(begin);
        return work({ query: async () => ({ rows: [], rowCount: 0 }) } as never);
      },
    });
    await db.transaction(async () => undefined);
    await db.transaction(async () => undefined, { isolation: 'repeatable read', readOnly: true });
    expect(begins).toEqual([
      'BEGIN ISOLATION LEVEL READ COMMITTED READ WRITE',
      'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
    ]);
  });
});
