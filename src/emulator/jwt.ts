/** RS256 JWTs for the emulator's tokens (Entra signs with RS256 and publishes the key in its JWKS). */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  type KeyObject,
} from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export interface TokenSigner {
  kid: string;
  sign: (claims: JwtClaims) => string;
  /** Claims if the signature is ours and the token well formed; null if forged or malformed. */
  verify: (token: string) => JwtClaims | null;
  jwk: () => Record<string, unknown>;
}

export function createTokenSigner(privateKeyPem: string, certPem?: string): TokenSigner {
  const privateKey: KeyObject = createPrivateKey(privateKeyPem);
  const publicKey = createPublicKey(privateKey);
  const jwkPublic = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const kid = createHash('sha256').update(jwkPublic.n).digest('base64url').slice(0, 27);
  return {
    kid,
    sign(claims) {
      const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid, x5t: kid }));
      const payload = b64url(JSON.stringify(claims));
      const signer = createSign('RSA-SHA256');
      signer.update(`${header}.${payload}`);
      return `${header}.${payload}.${signer.sign(privateKey).toString('base64url')}`;
    },
    verify(token) {
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [header, payload, signature] = parts as [string, string, string];
      try {
        const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string };
        if (head.alg !== 'RS256') return null;
        const verifier = createVerify('RSA-SHA256');
        verifier.update(`${header}.${payload}`);
        if (!verifier.verify(publicKey, Buffer.from(signature, 'base64url'))) return null;
        return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as JwtClaims;
      } catch {
        return null;
      }
    },
    jwk() {
      const x5c = certPem
        ? [certPem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')]
        : undefined;
      return {
        kty: 'RSA',
        use: 'sig',
        kid,
        x5t: kid,
        n: jwkPublic.n,
        e: jwkPublic.e,
        ...(x5c ? { x5c } : {}),
      };
    },
  };
}

/** Decodes a JWT payload without checking anything (for tests and logs). */
export function decodeJwtPayload(token: string): JwtClaims | null {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as JwtClaims;
  } catch {
    return null;
  }
}
