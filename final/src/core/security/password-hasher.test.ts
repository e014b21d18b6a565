import { createPasswordHasher } from './password-hasher';

describe('password hasher', () => {
  it.each([
    ['on the main thread', 0],
    ['on a pool of worker threads', 2],
  ])('hashes and verifies %s', async (_label, threads) => {
    const hasher = createPasswordHasher({ cost: 4, threads });
    try {
      const hash = await hasher.hash('correct horse battery staple');
      expect(hash).toMatch(/^\$2[aby]\$04\$/);
      expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
      expect(await hasher.verify('wrong horse battery staple', hash)).toBe(false);
    } finally {
      await hasher.close();
    }
  });

  it('serves more concurrent calls than it has threads', async () => {
    const hasher = createPasswordHasher({ cost: 4, threads: 2 });
    try {
      const hashes = await Promise.all(
        Array.from({ length: 6 }, (_, i) => hasher.hash(`password-${i}`)),
      );
      expect(new Set(hashes).size).toBe(6);
      const checks = await Promise.all(
        hashes.map((hash, i) => hasher.verify(`password-${i}`, hash)),
      );
      expect(checks).toEqual(Array(6).fill(true));
    } finally {
      await hasher.close();
    }
  });

  it('rejects calls after close()', async () => {
    const hasher = createPasswordHasher({ cost: 4, threads: 1 });
    await hasher.close();
    await expect(hasher.hash('whatever password')).rejects.toThrow(/closed/);
  });
});
