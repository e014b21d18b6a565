// What jsonwebtoken 9.0 does by itself, as the lesson states it (§ 1 and § 4). These tests pin
// the library's behaviour, not ours: if an upgrade changes one, the lesson must change with it.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import jwt from 'jsonwebtoken';

const SECRET = 'a-secret-of-at-least-32-bytes-for-hs256!';
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Outcome of a bare `jwt.verify(token, key)`, with no options at all. */
function bareVerify(token: string, key: Parameters<typeof jwt.verify>[1] = SECRET): string {
  try {
    jwt.verify(token, key);
    return 'accepted';
  } catch (error) {
    return `refused: ${(error as Error).message}`;
  }
}

describe('jsonwebtoken 9: what a token is', () => {
  it('is three base64url parts; header and payload are readable by anyone, without the secret', () => {
    const token = jwt.sign({ sub: '7', email: 'ada@example.com' }, SECRET, { noTimestamp: true });
    const [header, payload, signature] = token.split('.');
    expect({
      header: JSON.parse(Buffer.from(header ?? '', 'base64url').toString()),
      payload: JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()),
      signature: Buffer.from(signature ?? '', 'base64url').length,
    }).toEqual({
      header: { alg: 'HS256', typ: 'JWT' },
      payload: { sub: '7', email: 'ada@example.com' },
      signature: 32, // HMAC-SHA-256: 32 bytes
    });
  });

  it('signs header.payload with HMAC-SHA-256 of the secret, nothing more', () => {
    const token = jwt.sign({ sub: '7' }, SECRET, { noTimestamp: true });
    const [header, payload, signature] = token.split('.');
    const expected = createHmac('sha256', SECRET)
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(signature).toBe(expected);
  });

  it('computes exp from the payload iat when there is one, in seconds, whatever the real time', () => {
    const token = jwt.sign({ iat: 1000 }, SECRET, { expiresIn: 900 });
    expect(jwt.decode(token)).toEqual({ iat: 1000, exp: 1900 });
  });

  it('takes an iat in milliseconds at its word: exp lands thousands of years away', () => {
    const iat = Date.UTC(2026, 1, 25); // milliseconds, by mistake
    const payload = jwt.decode(jwt.sign({ iat }, SECRET, { expiresIn: 900 })) as jwt.JwtPayload;
    expect(new Date((payload.exp ?? 0) * 1000).getUTCFullYear()).toBeGreaterThan(50000);
  });
});

describe('jsonwebtoken 9: what a bare verify(token, key) checks, and what it does not', () => {
  it('accepts any HMAC algorithm for a secret key: HS512 passes', () => {
    expect(bareVerify(jwt.sign({ sub: '1' }, SECRET, { algorithm: 'HS512' }))).toBe('accepted');
  });

  it('accepts a token without exp: it never expires', () => {
    expect(bareVerify(jwt.sign({ sub: '1' }, SECRET))).toBe('accepted');
  });

  it('checks no issuer and no audience unless asked', () => {
    const token = jwt.sign({ sub: '1' }, SECRET, { issuer: 'someone', audience: 'elsewhere' });
    expect(bareVerify(token)).toBe('accepted');
  });

  it('refuses an unsigned token (alg "none") when given a key', () => {
    const none = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: '1' })}.`;
    expect(bareVerify(none)).toBe('refused: jwt signature is required');
  });

  it('refuses the HS256 forgery signed with an RSA public key (algorithm confusion)', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' });
    const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: '1' })}`;
    const forged = `${unsigned}.${createHmac('sha256', pem).update(unsigned).digest('base64url')}`;
    expect(bareVerify(forged, pem)).toBe('refused: invalid algorithm');
  });

  it('judges exp and nbf by the real clock, unless clockTimestamp says otherwise', () => {
    const iat = 2_000_000_000; // 2033
    const token = jwt.sign({ iat, nbf: iat + 30 }, SECRET, { algorithm: 'HS256', expiresIn: 60 });
    const at = (clockTimestamp: number) => {
      try {
        jwt.verify(token, SECRET, { algorithms: ['HS256'], clockTimestamp });
        return 'accepted';
      } catch (error) {
        return (error as Error).name;
      }
    };
    expect({
      'real clock (before 2033)': bareVerify(token),
      'at iat + 10 s': at(iat + 10),
      'at iat + 30 s': at(iat + 30),
      'at iat + 60 s': at(iat + 60),
    }).toEqual({
      'real clock (before 2033)': 'refused: jwt not active',
      'at iat + 10 s': 'NotBeforeError',
      'at iat + 30 s': 'accepted',
      'at iat + 60 s': 'TokenExpiredError',
    });
  });
});
