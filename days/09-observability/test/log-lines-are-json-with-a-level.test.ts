import { createLogger } from '../src/core/logging/logger';
import { runWithRequestContext } from '../src/core/logging/request-context';

/** A logger at `level` writing into an array: the raw lines, as stdout would get them. */
function logTo(level: Parameters<typeof createLogger>[0]['level']) {
  const written: string[] = [];
  return { logger: createLogger({ level, sink: (line) => written.push(line) }), written };
}

describe('createLogger', () => {
  it('writes one JSON object per line: time, level and message first, then the fields', () => {
    const { logger, written } = logTo('debug');
    logger.info('order shipped', { orderId: 42, carrier: 'DHL' });
    logger.warn('stock is low\nreorder soon', { sku: 'A-1' });
    expect(written.map((line) => line.includes('\n'))).toEqual([false, false]);
    const [first, second] = written.map((line) => JSON.parse(line));
    expect(Object.keys(first)).toEqual(['time', 'level', 'msg', 'orderId', 'carrier']);
    expect(first).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      msg: 'order shipped',
      orderId: 42,
      carrier: 'DHL',
    });
    expect(second).toMatchObject({ level: 'warn', msg: 'stock is low\nreorder soon', sku: 'A-1' });
  });

  it.each([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
    ['silent', []],
  ] as const)('at level %s writes %j', (level, expected) => {
    const { logger, written } = logTo(level);
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(written.map((line) => JSON.parse(line).level)).toEqual(expected);
  });

  it('adds a child logger’s bindings to each of its lines, and not to the parent’s', () => {
    const { logger, written } = logTo('info');
    const worker = logger.child({ component: 'worker' });
    worker.child({ job: 'purge' }).info('started');
    logger.info('plain');
    expect(written.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ msg: 'started', component: 'worker', job: 'purge' }),
      expect.not.objectContaining({ component: 'worker' }),
    ]);
  });

  it('writes an already formatted line as it is, when the level allows info', () => {
    const info = logTo('info');
    const warn = logTo('warn');
    for (const { logger } of [info, warn]) logger.writeRaw('{"msg":"request","status":200}');
    expect({ info: info.written, warn: warn.written }).toEqual({
      info: ['{"msg":"request","status":200}'],
      warn: [],
    });
  });

  it('adds the request id of the request context to a line written inside it', () => {
    const { logger, written } = logTo('info');
    runWithRequestContext({ requestId: 'req-4711' }, () => logger.info('inside'));
    expect(JSON.parse(written[0] ?? '{}')).toMatchObject({ msg: 'inside', requestId: 'req-4711' });
  });
});
