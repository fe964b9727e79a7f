/**
 * The signed-in session, held in main only: the auth session (tokens never leave it), the Graph client and
 * photo service built on it, and the directory loaded for matching and the people picker. One session at a time:
 * signing in again, starting the demo or signing out replaces it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphUser, UserRef } from '../../shared/domain';
import {
  SIGNED_OUT,
  type DemoInfo,
  type DeviceCodeEvent,
  type SessionInfo,
  type SignInInput,
  signInInputSchema,
} from '../../shared/session';
import { runPreflight, type PreflightResult } from '../core/tenant/preflight';
import type { TokenCacheStore } from '../core/tenant/token-cache';
import { createTenantConnection, type TenantConnection } from '../core/tenant/tenant-connection';
import { startDemoTenant, type DemoQuirks, type DemoTenant } from './demo-tenant';
import { type LoadedDirectory, loadLiveDirectory, loadVerifiedDomains } from '../core/tenant/live-directory';
import { tenantDir } from '../core/runs/manifest';
import { searchUsers } from './user-search';
import { errorFields, getLogger } from '../core/logging/logger';

const log = getLogger('session');

export class SessionError extends Error {
  override name = 'SessionError';
  constructor(
    readonly code: 'not-signed-in' | 'sign-in-failed' | 'preflight',
    message: string,
  ) {
    super(message);
  }
}

export interface TokenCacheChoice {
  store: TokenCacheStore | null;
  /** Why there is no persistent store (e.g. only the plaintext backend exists); null when there is one. */
  note: string | null;
}

export interface SessionServiceDeps {
  /** Where the demo folder is written. */
  dataDir: string;
  /** Where run state lives; the directory cache (for delta refreshes) is kept per tenant below it. */
  stateDir?: () => Promise<string>;
  /** Opens the system browser for interactive sign-in (shell.openExternal in the app). */
  openBrowser: (url: string) => Promise<void>;
  /** The encrypted token cache, when the platform has one. */
  tokenCache?: () => TokenCacheChoice;
  /** For tests: a fixed emulator port. */
  demoPort?: number;
  /** For tests: the demo tenant's quirk profile (src/emulator/quirks.ts). */
  demoQuirks?: DemoQuirks;
}

/** The one tenant connection (as the CLI, the benches and the tests build it), plus what the session adds. */
type Connection = TenantConnection & {
  info: SessionInfo;
  directory: Promise<LoadedDirectory> | null;
  demo: DemoTenant | null;
};

export class SessionService {
  private connection: Connection | null = null;

  constructor(private readonly deps: SessionServiceDeps) {}

  private last: SignInInput | null | undefined;

  info(): SessionInfo {
    return this.connection?.info ?? { ...SIGNED_OUT, lastSignIn: this.last ?? null };
  }

  /** The session, with the last tenant signed in to read from disk the first time. */
  async load(): Promise<SessionInfo> {
    if (this.last === undefined) {
      try {
        const parsed = signInInputSchema.safeParse(JSON.parse(await readFile(this.lastPath(), 'utf8')));
        this.last = parsed.success ? parsed.data : null;
      } catch {
        this.last = null;
      }
    }
    return this.info();
  }

  private lastPath(): string {
    return path.join(this.deps.dataDir, 'last-sign-in.json');
  }

  private async remember(input: SignInInput): Promise<void> {
    this.last = input;
    await mkdir(this.deps.dataDir, { recursive: true });
    await writeFile(this.lastPath(), `${JSON.stringify(input)}\n`, 'utf8');
  }

  /** The running demo tenant, if any (the e2e harness asserts on its photos). */
  demo(): DemoTenant | null {
    return this.connection?.demo ?? null;
  }

  async startDemo(): Promise<DemoInfo> {
    await this.signOut();
    const demo = await startDemoTenant(this.deps.dataDir, {
      ...(this.deps.demoPort ? { port: this.deps.demoPort } : {}),
      ...(this.deps.demoQuirks ? { quirks: this.deps.demoQuirks } : {}),
    });
    const emu = demo.emulator;
    try {
      const tenant = createTenantConnection({
        tenant: emu.tenantId,
        authority: emu.authority,
        graphUrl: emu.graphBaseUrl,
        caPem: emu.caCertPem,
        clientId: emu.clientId,
        mode: 'interactive',
        openBrowser: demo.openBrowser,
      });
      const signed = await tenant.signIn();
      const tenantId = signed.tenantId ?? emu.tenantId;
      this.connection = {
        ...tenant,
        directory: null,
        demo,
        info: {
          signedIn: true,
          demo: true,
          account: signed.account,
          tenantId,
          tenantName: await readTenantName(tenant.client, tenantId),
          cloud: 'custom',
          cachePersisted: false,
          cacheNote: 'The demo tenant lives only while Headshot runs, so its sign-in is not kept.',
          lastSignIn: this.last ?? null,
        },
      };
      log.info('demo tenant signed in', { tenantId });
      return {
        session: this.info(),
        folder: demo.folder,
        mappingCsv: demo.mappingCsv,
        userCount: emu.users().length,
      };
    } catch (error) {
      log.error('demo tenant failed to start', errorFields(error));
      await emu.stop();
      throw new SessionError(
        'sign-in-failed',
        `The demo tenant could not start: ${(error as Error).message}`,
      );
    }
  }

  async signIn(input: SignInInput, onDeviceCode: (info: DeviceCodeEvent) => void): Promise<SessionInfo> {
    await this.signOut();
    const cache = this.deps.tokenCache?.() ?? { store: null, note: 'Sign-in is kept in memory only.' };
    const tenant = createTenantConnection({
      cloud: input.cloud,
      tenant: input.tenant,
      clientId: input.clientId,
      mode: input.mode,
      ...(cache.store ? { cacheStore: cache.store } : {}),
      openBrowser: this.deps.openBrowser,
      onDeviceCode: (d) =>
        onDeviceCode({ message: d.message, userCode: d.userCode, verificationUri: d.verificationUri }),
    });
    try {
      const signed = await tenant.signIn();
      this.connection = {
        ...tenant,
        directory: null,
        demo: null,
        info: {
          signedIn: true,
          demo: false,
          account: signed.account,
          tenantId: signed.tenantId,
          tenantName: await readTenantName(tenant.client, signed.tenantId),
          cloud: input.cloud,
          cachePersisted: cache.store !== null,
          cacheNote: cache.note,
          lastSignIn: input,
        },
      };
      await this.remember(input).catch(() => undefined);
      log.info('signed in', {
        cloud: input.cloud,
        tenantId: signed.tenantId,
        mode: input.mode,
        cachePersisted: cache.store !== null,
      });
      return this.info();
    } catch (error) {
      tenant.close();
      log.warn('sign-in failed', {
        cloud: input.cloud,
        tenant: input.tenant,
        mode: input.mode,
        ...errorFields(error),
      });
      throw new SessionError('sign-in-failed', explainSignInError(error));
    }
  }

  async signOut(): Promise<void> {
    const c = this.connection;
    this.connection = null;
    if (!c) return;
    log.info('signed out', { demo: c.info.demo, tenantId: c.info.tenantId });
    await c.auth.signOut().catch(() => undefined);
    c.close();
    await c.demo?.emulator.stop();
  }

  /** The live connection; main-only (it holds the auth session). */
  require(): Connection {
    if (!this.connection) throw new SessionError('not-signed-in', 'Sign in first (or try the demo tenant).');
    return this.connection;
  }

  /**
   * The directory: loaded once per session, and brought up to date with one delta round when `refresh` is set
   * (each import does). It is the one directory loader of the app and the CLI: cached per tenant on disk, so
   * the first import of a later session costs a delta round too, not every page. The demo tenant lives for one
   * session: no disk cache.
   */
  async directory(refresh = false): Promise<GraphUser[]> {
    const c = this.require();
    if (!c.directory || refresh) {
      const previous = c.directory ? await c.directory.catch(() => undefined) : undefined;
      const tenantId = c.info.tenantId;
      const cacheDir =
        c.demo || !tenantId || !this.deps.stateDir
          ? undefined
          : tenantDir(await this.deps.stateDir(), tenantId);
      const pending = loadLiveDirectory({
        client: c.client,
        tenantId: tenantId ?? 'unknown',
        ...(cacheDir ? { cacheDir } : {}),
        ...(previous ? { previous } : {}),
      });
      c.directory = pending;
      pending.catch(() => {
        if (this.connection === c && c.directory === pending) c.directory = null;
      });
    }
    return (await c.directory).users;
  }

  async domains(): Promise<string[]> {
    return loadVerifiedDomains(this.require().client, await this.directory());
  }

  async search(
    query: string,
    options: { includeGuests?: boolean; includeDisabled?: boolean } = {},
  ): Promise<UserRef[]> {
    return searchUsers(await this.directory(), query, options);
  }

  /** The user's current photo (a small size when Graph has it), or null when they have none. */
  async currentPhoto(userId: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    const c = this.require();
    // Metadata first: a 404 on $value does not always carry its ImageNotFound code through the SDK.
    if (!(await c.photos.getMetadata(userId))) return null;
    const bytes = await c.photos.getBytes(userId);
    if (!bytes) return null;
    const png = bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    return { bytes, contentType: png ? 'image/png' : 'image/jpeg' };
  }

  /** Are the permissions and role there, and does a photo read work? Sentences for people, with the fix. */
  async preflight(): Promise<PreflightResult> {
    const c = this.require();
    return runPreflight(await c.auth.getAccessToken(), c.client);
  }

  async dispose(): Promise<void> {
    await this.signOut();
  }
}

/** How long sign-in waits for the tenant's name before it names the tenant by its id. */
const TENANT_NAME_TIMEOUT_MS = 5_000;

/**
 * The tenant by name, read once after sign-in: the organization's display name (GET /organization; a delegated
 * sign-in may read it), else its default or first verified domain, else the tenant id. Never fails the sign-in.
 */
export async function readTenantName(client: Client, tenantId: string | null): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const read = client.api('/organization?$select=displayName,verifiedDomains').get() as Promise<{
      value?: { displayName?: string | null; verifiedDomains?: { name?: string; isDefault?: boolean }[] }[];
    }>;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), TENANT_NAME_TIMEOUT_MS);
    });
    const org = (await Promise.race([read, timeout])).value?.[0];
    const name = org?.displayName?.trim();
    if (name) return name;
    const domains = (org?.verifiedDomains ?? []).filter((d) => d.name);
    const domain = (domains.find((d) => d.isDefault) ?? domains[0])?.name;
    if (domain) return domain;
  } catch {
    // not readable (or too slow): the id names it
  } finally {
    clearTimeout(timer);
  }
  return tenantId;
}

/** Sign-in errors for people: what happened and what to do. */
export function explainSignInError(error: unknown): string {
  const e = error as { code?: string; errorCode?: string; message?: string };
  const code = e.errorCode ?? e.code ?? '';
  const text = e.message ?? String(error);
  if (/AADSTS65001|consent_required/i.test(text + code)) {
    return 'Headshot has not been granted its permissions in this tenant. An administrator must grant admin consent for ProfilePhoto.ReadWrite.All and User.Read.All (see the app registration guide).';
  }
  if (/AADSTS700016|unauthorized_client/i.test(text + code)) {
    return 'The client ID was not found in this tenant. Check the client ID and tenant, or register the app (see the app registration guide).';
  }
  if (/AADSTS7000218|invalid_client/i.test(text + code)) {
    return 'Public client flows are not allowed for this app registration. Turn on "Allow public client flows" under Authentication.';
  }
  if (/user_cancel|access_denied/i.test(text + code)) return 'Sign-in was cancelled.';
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|network/i.test(text + code)) {
    return 'Headshot could not reach the sign-in service. Check the network connection and try again.';
  }
  return `Sign-in did not complete: ${text.split('\n')[0]}`;
}
