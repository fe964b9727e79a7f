/**
 * Certificate credentials for app-only sign-in: the client sends a JWT signed with the certificate's private key
 * (client_assertion, private_key_jwt). Checked as Entra ID documents it (learn.microsoft.com: "Microsoft identity
 * platform application authentication certificate credentials"): the certificate is found by its x5t#S256 (or
 * x5t) thumbprint among the app's registered ones, the signature is PS256 or RS256, aud is the token endpoint,
 * iss and sub are the client id, and the assertion is within its valid time range.
 */
import { X509Certificate, constants, createHash, verify, type KeyObject } from 'node:crypto';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface RegisteredCertificate {
  x5t: string;
  x5tS256: string;
  publicKey: KeyObject;
}

export interface AssertionFailure {
  code: number;
  description: string;
}

export class ClientCertificates {
  private readonly certificates: RegisteredCertificate[] = [];

  /** Registers a certificate (PEM) as a credential of the app. */
  add(pem: string): void {
    const cert = new X509Certificate(pem);
    this.certificates.push({
      x5t: createHash('sha1').update(cert.raw).digest('base64url'),
      x5tS256: createHash('sha256').update(cert.raw).digest('base64url'),
      publicKey: cert.publicKey,
    });
  }

  /** Null when the assertion is valid for this client at this token endpoint, else the AADSTS failure. */
  verify(
    assertion: string,
    clientId: string,
    tokenEndpoint: string,
    nowSeconds: number,
  ): AssertionFailure | null {
    const parts = assertion.split('.');
    if (parts.length !== 3) return { code: 50027, description: 'JWT token is invalid or malformed.' };
    const [h, p, s] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      return { code: 50027, description: 'JWT token is invalid or malformed.' };
    }
    const cert = this.certificates.find((c) =>
      header['x5t#S256'] !== undefined ? c.x5tS256 === header['x5t#S256'] : c.x5t === header.x5t,
    );
    if (!cert) {
      const thumbprint = header['x5t#S256'] ?? header.x5t;
      return {
        code: 700027,
        description: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${typeof thumbprint === 'string' ? thumbprint : ''}']`,
      };
    }
    const data = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(s, 'base64url');
    const valid =
      header.alg === 'PS256'
        ? verify(
            'sha256',
            data,
            { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : header.alg === 'RS256' && verify('sha256', data, cert.publicKey, signature);
    if (!valid) return { code: 700027, description: 'Client assertion failed signature validation.' };
    if (claims.iss !== clientId || claims.sub !== clientId) {
      return {
        code: 700021,
        description: "Client assertion application identifier doesn't match 'client_id' parameter.",
      };
    }
    if (typeof claims.aud !== 'string' || claims.aud.toLowerCase() !== tokenEndpoint.toLowerCase()) {
      return {
        code: 700016,
        description: `Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.`,
      };
    }
    const exp = Number(claims.exp);
    const nbf = Number(claims.nbf ?? 0);
    if (!(exp > nowSeconds) || nbf > nowSeconds + 300) {
      return { code: 700024, description: 'Client assertion is not within its valid time range.' };
    }
    return null;
  }
}
