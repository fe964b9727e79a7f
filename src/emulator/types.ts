/** Public types of the demo tenant (emulator). Plain TypeScript: the emulator is a dev/demo tool, not IPC. */
import type { GraphUser } from '../shared/domain';
import type { QuirkProfile, QuirkSettings } from './quirks';

/** A seeded user: the Graph fields Headshot reads, plus the emulator-only facts that drive behaviour. */
export interface EmulatorUser extends GraphUser {
  jobTitle?: string | null;
  department?: string | null;
  officeLocation?: string | null;
  preferredLanguage?: string | null;
  businessPhones?: string[];
  mobilePhone?: string | null;
  /** As Graph returns it: one entry per licence, with the service plans switched off. */
  assignedLicenses?: { skuId: string; disabledPlans: string[] }[];
  /**
   * Emulator-only: the user has an Exchange Online mailbox. Without one, the photo lives in Entra ID, which takes
   * at most 100 KB (docs/emulator.md, "Quirk profiles"). Not returned by Graph.
   */
  hasMailbox?: boolean;
  /** Emulator-only: the mailbox is in on-premises Exchange; photo routes answer MailboxNotHostedInExchangeOnline. */
  mailboxOnPremises?: boolean;
  /** Emulator-only: seeded with an existing photo (index of a shared synthesised portrait). */
  seedPhoto?: number | null;
  /** Emulator-only: directory roles (template names), e.g. 'Global Administrator'. */
  roles?: string[];
  /** Emulator-only: the object id of the user's manager (served by GET /users/{id}/manager), or none. */
  managerId?: string | null;
}

/** A security or Microsoft 365 group, with its direct members (user or group object ids). */
export interface EmulatorGroup {
  id: string;
  displayName: string;
  description?: string | null;
  mail?: string | null;
  mailEnabled?: boolean;
  mailNickname?: string | null;
  securityEnabled?: boolean;
  /** [] for a security group, ['Unified'] for a Microsoft 365 group. */
  groupTypes?: string[];
  /** Direct members: object ids of users and of groups (nested). */
  members: string[];
}

/** How 429 responses carry Retry-After (Microsoft sends integers; clients must also cope with decimals and none). */
export type RetryAfterStyle = 'integer' | 'decimal' | 'absent';

export interface ThrottlingOptions {
  /** Master switch; default true. */
  enabled?: boolean;
  /** Concurrent photo requests per app per mailbox (Outlook limit: 4). 0 disables. */
  mailboxConcurrency?: number;
  /** Photo requests per app per mailbox per 10 minutes (Outlook limit: 10,000). 0 disables. */
  mailboxRequestsPer10Min?: number;
  /** Write token bucket per app+tenant: refill per second (default 3,000 per 150 s = 20/s). 0 disables. */
  writeRatePerSecond?: number;
  /** Write bucket capacity (default 3,000). */
  writeBurst?: number;
  /** Read resource units per 10 s per app+tenant; default by tenant size (3,500 / 5,000 / 8,000). 0 disables. */
  readUnitsPer10s?: number;
  /** Retry-After format on 429s; default 'integer'. */
  retryAfter?: RetryAfterStyle;
  /** Retry-After (seconds) sent with MailboxConcurrency 429s; default 1. */
  concurrencyRetryAfterSeconds?: number;
}

export type FaultAction =
  /** Answer with this status and the Graph error envelope (429 carries Retry-After unless retryAfter is null). */
  | {
      type: 'status';
      status: 429 | 500 | 502 | 503 | 504;
      retryAfter?: number | string | null;
      code?: string;
    }
  /** Destroy the socket without answering (the client sees ECONNRESET / "fetch failed"). */
  | { type: 'reset' }
  /** Delay the answer by ms, then handle normally. */
  | { type: 'delay'; ms: number }
  /** Treat the caller's access token as expired: 401 InvalidAuthenticationToken. */
  | { type: 'expire-token' };

export interface FaultRule {
  /** Which surface the rule watches (default 'graph'; $batch items count as graph requests). */
  surface?: 'graph' | 'identity';
  /** HTTP method to match (case-insensitive); any when absent. */
  method?: string;
  /**
   * Graph path to match, relative to /v1.0 (e.g. '/users/{id}/photo/$value'): a RegExp, or a string where `*`
   * matches one path segment and `**` anything. Any when absent.
   */
  path?: string | RegExp;
  /** Fire on the Nth matching request(s), 1-based. */
  nth?: number | number[];
  /** Fire with this probability (seeded, so reproducible). */
  probability?: number;
  /** Fire at most this many times. */
  times?: number;
  action: FaultAction;
}

export interface RequestLogEntry {
  seq: number;
  method: string;
  /** Path relative to the surface, e.g. '/v1.0/users/x/photo/$value' or '/<tid>/oauth2/v2.0/token'. */
  path: string;
  query: string;
  surface: 'graph' | 'identity' | 'batch-item';
  /** The id of the user the request targets (photo and user routes), if any. */
  user: string | null;
  /** Who called: app id and (delegated) user object id from the token. */
  appId: string | null;
  callerId: string | null;
  status: number;
  /** Error code sent, if any. */
  code: string | null;
  start: number;
  end: number;
  /** Graph requests in flight when this one started (this one excluded). */
  concurrencyAtStart: number;
  /** Photo requests in flight for the same mailbox and app when this one started (this one excluded). */
  mailboxConcurrencyAtStart: number;
  /** The Retry-Attempt header the Graph client's RetryHandler adds, if present. */
  retryAttempt: number | null;
  /** Set for $batch items: the outer request's seq and the item id. */
  batch: { seq: number; id: string } | null;
  fault: FaultAction['type'] | null;
}

export type ViolationKind = 'retry-too-early' | 'mailbox-concurrency';

export interface Violation {
  kind: ViolationKind;
  at: number;
  method: string;
  path: string;
  appId: string | null;
  user: string | null;
  message: string;
  /** retry-too-early: when the retry was allowed, and how early it came (ms). */
  allowedAt?: number;
  earlyByMs?: number;
  /** mailbox-concurrency: photo requests already in flight. */
  inFlight?: number;
}

export interface EmulatorOptions {
  /** Seed for users, ids, codes and fault probabilities; default 'headshot'. */
  seed?: string | number;
  /** How many users to seed (default 50), or the exact users. */
  users?: number | EmulatorUser[];
  /** The exact groups; default: seeded from the users (src/emulator/seed-groups.ts). */
  groups?: EmulatorGroup[];
  /** Port to listen on (default: a free one). */
  port?: number;
  throttling?: ThrottlingOptions;
  faults?: FaultRule[];
  /** Added to every Graph request (held while "in flight", so it drives concurrency). */
  latencyMs?: number;
  /** Access token lifetime; default 3,600 s (Entra gives 60-90 min). */
  tokenLifetimeSeconds?: number;
  /** UPN of the admin the authorize endpoint signs in and auto-consents as; default: the first seeded admin. */
  signedInUser?: string;
  /** Delegated scopes / app roles the tenant has consented to. */
  grantedScopes?: string[];
  /** Certificates (PEM) registered as the app's credentials, besides the client secret. */
  clientCertificates?: string[];
  /** Device code polling interval in seconds (Entra: 5). */
  deviceCodeIntervalSeconds?: number;
  /** Real-tenant behaviours to switch on: a named profile or explicit settings (src/emulator/quirks.ts). */
  quirks?: QuirkProfile | QuirkSettings;
}

export interface PhotoInfo {
  contentType: string;
  bytes: Buffer;
  etag: string;
}

export interface Emulator {
  authority: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPem: string;
  /** host:port for MSAL knownAuthorities. */
  authorityHost: string;
  /** Hostname for the Graph client's customHosts (no port: the client compares hostnames). */
  graphHost: string;
  /** The verification URL device-code users open (accepts a form POST with `otc`). */
  deviceLoginUrl: string;
  requests: () => RequestLogEntry[];
  clearRequests: () => void;
  setFaults: (rules: FaultRule[]) => void;
  setThrottling: (opts: ThrottlingOptions) => void;
  setLatency: (ms: number) => void;
  setTokenLifetime: (seconds: number) => void;
  /** Make every access token issued so far fail with 401 InvalidAuthenticationToken (as if expired). */
  expireAccessTokens: () => void;
  /** Approve a pending device code as this user (default: the signed-in admin). */
  approveDeviceCode: (userCode: string, upn?: string) => boolean;
  setSignedInUser: (upn: string) => void;
  users: () => EmulatorUser[];
  /** Register a certificate (PEM) as the app's credential, for app-only sign-in with a client assertion. */
  addClientCertificate: (certificatePem: string) => void;
  addUser: (user: EmulatorUser) => void;
  groups: () => EmulatorGroup[];
  /** Adds a group (members: user or group ids that exist). */
  addGroup: (group: EmulatorGroup) => void;
  updateUser: (idOrUpn: string, patch: Partial<EmulatorUser>) => void;
  deleteUser: (idOrUpn: string) => void;
  photoOf: (userIdOrUpn: string) => Buffer | null;
  setPhoto: (userIdOrUpn: string, bytes: Buffer | null, contentType?: string) => void;
  violations: () => Violation[];
  stop: () => Promise<void>;
}
