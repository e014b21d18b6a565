// What bcryptjs 3.0 does by itself, as the lesson's § 5 states it.
import bcrypt from 'bcryptjs';

describe('bcryptjs 3', () => {
  it('writes the algorithm, the cost and a random salt into the 60-character hash', () => {
    const hash = bcrypt.hashSync('correct horse battery staple', 5);
    expect(hash).toMatch(/^\$2b\$05\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.getRounds(hash)).toBe(5);
    expect(bcrypt.getSalt(hash)).toBe(hash.slice(0, 29));
  });

  it('salts every hash: one password, two different hashes, both verified', () => {
    const [a, b] = [bcrypt.hashSync('same password', 4), bcrypt.hashSync('same password', 4)];
    expect(a).not.toBe(b);
    expect([
      bcrypt.compareSync('same password', a),
      bcrypt.compareSync('same password', b),
    ]).toEqual([true, true]);
  });

  it('raises a cost below 4 to 4', () => {
    expect(bcrypt.getRounds(bcrypt.hashSync('x', 1))).toBe(4);
  });

  it('ignores everything after 72 bytes of UTF-8: a longer password matches its first 72', () => {
    const stored = bcrypt.hashSync('é'.repeat(36), 4); // 36 characters, 72 bytes
    expect(bcrypt.compareSync(`${'é'.repeat(36)}and anything after`, stored)).toBe(true);
  });

  it('tells with truncates() whether a password is longer than 72 bytes, not characters', () => {
    expect({
      '72 × a (72 bytes)': bcrypt.truncates('a'.repeat(72)),
      '73 × a (73 bytes)': bcrypt.truncates('a'.repeat(73)),
      '36 × é (72 bytes)': bcrypt.truncates('é'.repeat(36)),
      '37 × é (74 bytes)': bcrypt.truncates('é'.repeat(37)),
      '19 × 😀 (76 bytes)': bcrypt.truncates('😀'.repeat(19)),
    }).toEqual({
      '72 × a (72 bytes)': false,
      '73 × a (73 bytes)': true,
      '36 × é (72 bytes)': false,
      '37 × é (74 bytes)': true,
      '19 × 😀 (76 bytes)': true,
    });
  });

  it('yields to the event loop while hashing with the async API, but not with hashSync', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('a setImmediate queued before'));
    bcrypt.hashSync('password', 4);
    order.push('hashSync returned');
    await new Promise((resolve) => setImmediate(resolve));
    setImmediate(() => order.push('a setImmediate queued before'));
    await bcrypt.hash('password', 4);
    order.push('hash resolved');
    expect(order).toEqual([
      'hashSync returned',
      'a setImmediate queued before',
      'a setImmediate queued before',
      'hash resolved',
    ]);
  });
});
