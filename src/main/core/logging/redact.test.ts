import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redactText, redactValue } from './redact';

const JWT =
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.c2lnbmF0dXJlLWJ5dGVz';
const OPAQUE = '1.AEMUq8v3K0pPZ9xY_some-opaque-refresh-token-value';

describe('redactText', () => {
  it.each([
    ['a bearer header', `Authorization: Bearer ${JWT}`, [JWT, 'Bearer ']],
    ['a lower-case header in JSON', `{"authorization":"Bearer ${OPAQUE}"}`, [OPAQUE, 'Bearer ']],
    ['a bare bearer credential', `sent Bearer ${OPAQUE} to graph`, [OPAQUE, 'Bearer ']],
    ['a JWT on its own', `token was ${JWT}.`, [JWT, 'eyJ']],
    ['a JWT header without dots', 'eyJhbGciOiJSUzI1NiJ9 alone', ['eyJ']],
    [
      'access_token in JSON',
      `{"token_type":"Bearer","access_token":"${OPAQUE}","expires_in":3599}`,
      [OPAQUE],
    ],
    ['refresh_token in JSON with spaces', `{ "refresh_token" : "${OPAQUE}" }`, [OPAQUE]],
    ['id_token in JSON', `{"id_token":"abc.def.ghi"}`, ['abc.def.ghi']],
    ['clientSecret in JSON', '{"clientSecret":"s3cr3t~value"}', ['s3cr3t~value']],
    [
      'client_secret form field',
      'grant_type=client_credentials&client_secret=s3cr3t~value&scope=x',
      ['s3cr3t~value'],
    ],
    [
      'client_assertion form field',
      'client_assertion=abcdefghijk&client_assertion_type=jwt',
      ['abcdefghijk'],
    ],
    [
      'an authorization code in a URL',
      'https://localhost/cb?code=0.AXYZsecretcode&state=1',
      ['0.AXYZsecretcode'],
    ],
    ['refresh_token form field', `grant_type=refresh_token&refresh_token=${OPAQUE}`, [OPAQUE]],
    ['a cookie header', 'Cookie: session=abcdef123456', ['abcdef123456']],
    [
      'a private key PEM',
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----',
      ['MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'],
    ],
    [
      'a certificate PEM',
      'ca: -----BEGIN CERTIFICATE-----\nMIIDazCCAlOgAwIBAgIUexample\n-----END CERTIFICATE----- end',
      ['MIIDazCCAlOgAwIBAgIUexample'],
    ],
  ])('removes %s', (_, input, secrets) => {
    const out = redactText(input);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).not.toBe(input);
  });

  it('keeps ordinary text, error codes and UPNs', () => {
    const text =
      'PUT /users/ada@contoso.com/photo/$value -> 429 ApplicationThrottled, errorCode=ImageNotFound';
    expect(redactText(text)).toBe(text);
  });

  it('summarises image bytes decoded as text', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]).toString('latin1');
    expect(redactText(`bytes: ${jpeg}`)).toMatch(/^<\d+ chars of binary>$/);
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => i % 7)).toString('latin1');
    expect(redactText(noise)).toBe('<64 chars of binary>');
  });
});

describe('redactValue', () => {
  it('masks secret-named fields at any depth and leaves the rest', () => {
    const out = redactValue({
      user: 'ada@contoso.com',
      code: 'ImageNotFound',
      request: { headers: { Authorization: 'x', 'x-ms-client-request-id': 'r1' }, accessToken: 'abc' },
      msal: [{ refresh_token: 'r', secret: 's', clientSecret: 'c', password: 'p', tokenType: 'Bearer' }],
    });
    expect(out).toEqual({
      user: 'ada@contoso.com',
      code: 'ImageNotFound',
      request: {
        headers: { Authorization: REDACTED, 'x-ms-client-request-id': 'r1' },
        accessToken: REDACTED,
      },
      msal: [
        {
          refresh_token: REDACTED,
          secret: REDACTED,
          clientSecret: REDACTED,
          password: REDACTED,
          tokenType: 'Bearer',
        },
      ],
    });
  });

  it('replaces bytes with their size', () => {
    const out = redactValue({
      photo: Buffer.from([0xff, 0xd8, 0xff, 1]),
      view: new Uint8Array(10),
      raw: new ArrayBuffer(3),
    });
    expect(out).toEqual({ photo: '<4 bytes>', view: '<10 bytes>', raw: '<3 bytes>' });
  });

  it('turns errors into redacted fields, keeping code and status', () => {
    const error = Object.assign(new Error(`401 with Bearer ${OPAQUE}`), {
      code: 'InvalidAuthenticationToken',
      status: 401,
    });
    const out = redactValue(error) as Record<string, unknown>;
    expect(out).toMatchObject({ name: 'Error', code: 'InvalidAuthenticationToken', status: 401 });
    expect(JSON.stringify(out)).not.toContain(OPAQUE);
    expect(String(out.stack)).toContain('redact.test');
  });

  it('cuts cycles and deep nesting, and redacts strings inside arrays and maps', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactValue(a)).toEqual({ name: 'a', self: '<cycle>' });
    const deep = { l1: { l2: { l3: { l4: { l5: { l6: { l7: 1 } } } } } } };
    expect(JSON.stringify(redactValue(deep))).toContain('<…>');
    expect(JSON.stringify(redactValue(new Map([['k', [`Bearer ${OPAQUE}`]]])))).not.toContain(OPAQUE);
  });

  it('knows the secret field names', () => {
    for (const k of [
      'access_token',
      'refreshToken',
      'ID_TOKEN',
      'client-secret',
      'clientAssertion',
      'authorization',
      'deltaToken',
    ])
      expect(isSecretKey(k)).toBe(true);
    for (const k of ['code', 'tokenType', 'userPrincipalName', 'status']) expect(isSecretKey(k)).toBe(false);
  });
});
