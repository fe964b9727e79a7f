// Certificate credentials: what the tenant accepts and refuses in a client assertion.
import { createHash, generateKeyPairSync, sign, constants } from 'node:crypto';
import forge from 'node-forge';
import { ClientCertificates } from './client-assertion';

const ENDPOINT = 'https://127.0.0.1:4000/tid/oauth2/v2.0/token';
const CLIENT = 'client-1';
const NOW = 1_800_000_000;

function certificate() {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(
    pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  );
  cert.serialNumber = '02';
  cert.validity.notBefore = new Date(0);
  cert.validity.notAfter = new Date(4_000_000_000_000);
  cert.setSubject([{ name: 'commonName', value: 'test' }]);
  cert.setIssuer([{ name: 'commonName', value: 'test' }]);
  cert.sign(
    forge.pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  const pem = forge.pki.certificateToPem(cert);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  return { pem, privateKey: pair.privateKey, x5tS256: createHash('sha256').update(der).digest('base64url') };
}

const reg = certificate();
const certs = new ClientCertificates();
certs.add(reg.pem);

function assertion(claims: Record<string, unknown>, key = reg, alg: 'PS256' | 'RS256' = 'PS256'): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg, typ: 'JWT', 'x5t#S256': key.x5tS256 })}.${enc({
    aud: ENDPOINT,
    iss: CLIENT,
    sub: CLIENT,
    nbf: NOW - 10,
    exp: NOW + 600,
    jti: 'j',
    ...claims,
  })}`;
  const sig =
    alg === 'PS256'
      ? sign('sha256', Buffer.from(head), {
          key: key.privateKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: 32,
        })
      : sign('sha256', Buffer.from(head), key.privateKey);
  return `${head}.${sig.toString('base64url')}`;
}

describe('client assertions', () => {
  it('accepts a PS256 or RS256 assertion from a registered certificate', () => {
    expect(certs.verify(assertion({}), CLIENT, ENDPOINT, NOW)).toBeNull();
    expect(certs.verify(assertion({}, reg, 'RS256'), CLIENT, ENDPOINT, NOW)).toBeNull();
  });

  it.each([
    ['an unregistered certificate', () => assertion({}, certificate()), 700027, /not registered/],
    [
      'a tampered payload',
      () => assertion({}).replace(/\.[^.]+\./, `.${Buffer.from('{"iss":"x"}').toString('base64url')}.`),
      700027,
      /signature/,
    ],
    ['another client id', () => assertion({ iss: 'other', sub: 'other' }), 700021, /client_id/],
    ['another audience', () => assertion({ aud: 'https://elsewhere/token' }), 700016, /audience/],
    ['an expired assertion', () => assertion({ exp: NOW - 1 }), 700024, /valid time range/],
    ['garbage', () => 'not.a-jwt', 50027, /malformed/],
  ])('refuses %s', (_name, make, code, message) => {
    const failure = certs.verify(make(), CLIENT, ENDPOINT, NOW);
    expect(failure?.code).toBe(code);
    expect(failure?.description).toMatch(message);
  });
});
