/**
 * The Microsoft Graph v1.0 surface: authentication of the bearer token, fault injection, throttling, the
 * request log, and routing to users, photos and $batch. `execute` works on plain requests so $batch items go
 * through exactly the same path as HTTP requests.
 */
import { randomUUID } from 'node:crypto';
import { runBatch } from './graph-batch';
import { RESET, type Caller, type ExecuteContext, type GraphOutcome } from './graph-caller';
import { domainsResponse, organizationResponse } from './graph-organization';
import { peopleAdminBetaRoute, photoWritePolicyCheck } from './graph-people-admin';
import { PhotoService } from './graph-photos';
import { GroupQueries, memberCast } from './graph-groups';
import { isDeltaFunction, UserQueries } from './graph-users';
import { errorCodeOf, graphError, header, sleep, type EmuRequest, type EmuResponse } from './http-util';
import { GRAPH_AUDIENCE, PHOTO_ADMIN_ROLE_IDS, type Identity } from './identity';
import type { TokenSigner } from './jwt';
import { ODataError } from './odata-filter';
import type { FaultInjector } from './faults';
import type { QuirkSettings } from './quirks';
import type { RequestLog } from './request-log';
import type { TenantStore } from './store';
import {
  formatRetryAfter,
  parseRetryAfter,
  readCost,
  type Throttled,
  type ThrottlingModel,
} from './throttling';
import type { EmulatorUser, FaultAction } from './types';

export interface GraphDeps {
  store: TenantStore;
  signer: TokenSigner;
  identity: Identity;
  tenantId: string;
  graphRoot: () => string;
  throttling: ThrottlingModel;
  faults: FaultInjector;
  log: RequestLog;
  latencyMs: () => number;
  /** Real-tenant behaviours switched on (src/emulator/quirks.ts); none by default. */
  quirks?: QuirkSettings;
}

const READ_USERS = [
  'User.ReadBasic.All',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const READ_PHOTOS = ['ProfilePhoto.Read.All', 'ProfilePhoto.ReadWrite.All', ...READ_USERS];
const WRITE_PHOTOS = ['ProfilePhoto.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'];
/** Group reads and member lists ("List groups", "List group members", "List group transitive members"). */
const READ_GROUPS = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
/** "List manager": User.Read.All or higher (not User.ReadBasic.All). */
const READ_MANAGER = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'];

function claimText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function has(caller: Caller, anyOf: string[]): boolean {
  return anyOf.some((p) => caller.permissions.has(p.toLowerCase()));
}

function throttledResponse(req: EmuRequest, t: Throttled, deps: GraphDeps): EmuResponse {
  const retryAfter = formatRetryAfter(t.retryAfterSeconds, deps.throttling.options.retryAfter);
  return graphError(req, 429, t.code, t.message, retryAfter === null ? {} : { 'retry-after': retryAfter });
}

function faultResponse(req: EmuRequest, action: Extract<FaultAction, { type: 'status' }>): EmuResponse {
  const codes: Record<number, [string, string]> = {
    429: ['TooManyRequests', 'Too many requests.'],
    500: ['generalException', 'An unexpected error occurred.'],
    502: ['BadGateway', 'Bad gateway.'],
    503: ['serviceNotAvailable', 'The service is temporarily unavailable. Try again later.'],
    504: ['GatewayTimeout', 'The gateway timed out.'],
  };
  const [code, message] = codes[action.status] ?? ['generalException', 'Error.'];
  let retryAfter: string | null = null;
  if (action.retryAfter !== undefined && action.retryAfter !== null) retryAfter = String(action.retryAfter);
  else if (action.retryAfter === undefined && action.status === 429) retryAfter = '1';
  return graphError(
    req,
    action.status,
    action.code ?? code,
    message,
    retryAfter === null ? {} : { 'retry-after': retryAfter },
  );
}

export class GraphApi {
  inFlight = 0;
  private users: UserQueries;
  private photos: PhotoService;
  private groups: GroupQueries;

  constructor(private deps: GraphDeps) {
    this.users = new UserQueries(deps.store, deps.graphRoot);
    this.groups = new GroupQueries(deps.store, deps.graphRoot);
    this.photos = new PhotoService(deps.store, deps.graphRoot, deps.tenantId, deps.quirks);
  }

  /** Verifies the bearer token; null caller plus an error response when it is missing, forged or expired. */
  authenticate(req: EmuRequest): { caller: Caller | null; error: EmuResponse | null } {
    const auth = header(req, 'authorization') ?? '';
    const token = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim() ?? '';
    const fail = (message: string) => ({
      caller: null,
      error: graphError(req, 401, 'InvalidAuthenticationToken', message),
    });
    if (!token) return fail('Access token is empty.');
    if (token.split('.').length !== 3)
      return fail('IDX14100: JWT is not well formed, there are no dots (.).');
    const claims = this.deps.signer.verify(token);
    if (!claims) return fail('Access token validation failure. Invalid signature.');
    if (claims.aud !== GRAPH_AUDIENCE && claims.aud !== '00000003-0000-0000-c000-000000000000') {
      return fail('Access token validation failure. Invalid audience.');
    }
    if (claims.tid !== this.deps.tenantId) return fail('Access token validation failure. Invalid issuer.');
    const now = Math.floor(Date.now() / 1000);
    if (!(Number(claims.exp) > now) || this.deps.identity.isRevoked(claims.uti)) {
      return fail('Lifetime validation failed, the token is expired.');
    }
    const delegated = claims.idtyp !== 'app';
    const permissions = delegated
      ? claimText(claims.scp).split(' ').filter(Boolean)
      : Array.isArray(claims.roles)
        ? (claims.roles as string[])
        : [];
    const caller: Caller = {
      claims,
      appId: claimText(claims.appid),
      userId: delegated ? claimText(claims.oid) : null,
      permissions: new Set(permissions.map((p) => p.toLowerCase())),
      roleIds: new Set(Array.isArray(claims.wids) ? (claims.wids as string[]) : []),
    };
    return { caller, error: null };
  }

  /** Runs one Graph request (path relative to /v1.0) through faults, auth, throttling and the routes. */
  async execute(req: EmuRequest, ctx: ExecuteContext): Promise<GraphOutcome> {
    const { deps } = this;
    const seq = deps.log.nextSeq();
    const start = Date.now();
    const concurrencyAtStart = this.inFlight++;
    const auth =
      ctx.caller !== undefined
        ? {
            caller: ctx.caller,
            error: ctx.caller
              ? null
              : graphError(req, 401, 'InvalidAuthenticationToken', 'Access token is empty.'),
          }
        : this.authenticate(req);
    const caller = auth.caller;
    const target = this.targetUser(req.path, caller);
    const retryKey = `${caller?.appId ?? '-'}|${caller?.userId ?? '-'}|${req.method}|${req.path}?${req.rawQuery}`;
    deps.throttling.checkRetry(retryKey, req.method, req.path, caller?.appId ?? null, target?.id ?? null);
    const retryAttemptHeader = header(req, 'retry-attempt');
    let mailboxConcurrencyAtStart = 0;
    let faultType: FaultAction['type'] | null = null;
    let outcome: GraphOutcome;
    try {
      if (target && caller && /\/photos?(\/|$)/.test(req.path)) {
        mailboxConcurrencyAtStart = deps.throttling.mailboxInFlight(caller.appId, target.id);
      }
      const fault = deps.faults.pick('graph', req.method, req.path);
      faultType = fault?.type ?? null;
      if (fault?.type === 'reset') {
        outcome = RESET;
      } else if (fault?.type === 'status') {
        outcome = faultResponse(req, fault);
      } else if (fault?.type === 'expire-token') {
        outcome = graphError(
          req,
          401,
          'InvalidAuthenticationToken',
          'Lifetime validation failed, the token is expired.',
        );
      } else {
        if (fault?.type === 'delay') await sleep(fault.ms);
        outcome = auth.error ?? (await this.route(req, caller!, ctx, seq));
      }
    } catch (error) {
      outcome =
        error instanceof ODataError
          ? graphError(req, error.status, error.code, error.message)
          : graphError(
              req,
              500,
              'generalException',
              `Emulator error: ${error instanceof Error ? error.message : String(error)}`,
            );
    } finally {
      this.inFlight--;
    }
    if (outcome !== RESET && [429, 503, 504].includes(outcome.status)) {
      const seconds = parseRetryAfter(outcome.headers['retry-after']);
      if (seconds !== null) deps.throttling.noteRetryAfter(retryKey, seconds);
    }
    if (outcome !== RESET) {
      const requestId = outcome.headers['request-id'] ?? randomUUID();
      outcome.headers['request-id'] ??= requestId;
      outcome.headers['client-request-id'] ??= header(req, 'client-request-id') ?? requestId;
    }
    deps.log.add({
      seq,
      method: req.method,
      path: ctx.surface === 'graph' ? `/${ctx.version ?? 'v1.0'}${req.path}` : req.path,
      query: req.rawQuery,
      surface: ctx.surface,
      user: target?.id ?? null,
      appId: caller?.appId ?? null,
      callerId: caller?.userId ?? null,
      status: outcome === RESET ? 0 : outcome.status,
      code: outcome === RESET ? 'connection-reset' : errorCodeOf(outcome),
      start,
      end: Date.now(),
      concurrencyAtStart,
      mailboxConcurrencyAtStart,
      retryAttempt: retryAttemptHeader ? Number(retryAttemptHeader) : null,
      batch: ctx.batch ?? null,
      fault: faultType,
    });
    return outcome;
  }

  private segments(path: string): string[] {
    return path
      .split('/')
      .filter(Boolean)
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      });
  }

  private targetUser(path: string, caller: Caller | null): EmulatorUser | undefined {
    const [first, second] = this.segments(path);
    if (first === 'me' && caller?.userId) return this.deps.store.find(caller.userId);
    if (first === 'users' && second && second !== 'delta' && second !== '$count')
      return this.deps.store.find(second);
    return undefined;
  }

  private async hold(): Promise<void> {
    const ms = this.deps.latencyMs();
    if (ms > 0) await sleep(ms);
  }

  private async route(
    req: EmuRequest,
    caller: Caller,
    ctx: ExecuteContext,
    seq: number,
  ): Promise<EmuResponse> {
    const { deps } = this;
    let segs = this.segments(req.path);
    const method = req.method.toUpperCase();
    if (ctx.version === 'beta')
      return peopleAdminBetaRoute(req, caller, deps, (t) => throttledResponse(req, t, deps));
    if (segs[0] === '$batch') {
      if (ctx.surface === 'batch-item')
        return graphError(req, 400, 'BadRequest', 'A $batch request cannot contain another $batch request.');
      if (method !== 'POST')
        return graphError(req, 405, 'BadRequest', 'The $batch endpoint only accepts POST.');
      return runBatch(this, req, caller, seq);
    }
    if (segs[0] === 'me') {
      if (!caller.userId) {
        return graphError(
          req,
          400,
          'BadRequest',
          '/me request is only valid with delegated authentication flow.',
        );
      }
      segs = ['users', caller.userId, ...segs.slice(1)];
    }
    // /users/delta() (Kiota SDKs) and /users/microsoft.graph.delta are the same function as /users/delta.
    if (segs[0] === 'users' && segs.length === 2 && isDeltaFunction(segs[1]!)) segs = ['users', 'delta'];
    if ((segs[0] === 'organization' || segs[0] === 'domains') && segs.length === 1 && method === 'GET') {
      const allowed =
        segs[0] === 'organization'
          ? Boolean(caller.userId) || has(caller, ['Organization.Read.All', 'Directory.Read.All'])
          : has(caller, ['Domain.Read.All', 'Directory.Read.All']);
      if (!allowed) {
        return graphError(
          req,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
      }
      const read = deps.throttling.takeRead(caller.appId, readCost('single', req.query));
      if (read) return throttledResponse(req, read, deps);
      await this.hold();
      return segs[0] === 'organization'
        ? organizationResponse(req, deps.tenantId, deps.graphRoot())
        : domainsResponse(req, deps.graphRoot());
    }
    if (segs[0] === 'groups') return this.groupRoute(req, caller, segs, method);
    if (segs[0] !== 'users') {
      return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segs[0] ?? ''}'.`);
    }
    const isSelf = (user: EmulatorUser) => caller.userId === user.id;

    // Photo routes: admission per mailbox first, then latency while holding the slot.
    if (segs.length >= 3 && (segs[2] === 'photo' || segs[2] === 'photos')) {
      const user = deps.store.find(segs[1]!);
      if (!user) return this.notFoundUser(req, segs[1]!);
      const isWrite = method !== 'GET';
      if (isWrite) {
        const allowed = has(caller, WRITE_PHOTOS) || (isSelf(user) && has(caller, ['User.ReadWrite']));
        const delegatedAdmin =
          !caller.userId || isSelf(user) || [...caller.roleIds].some((r) => PHOTO_ADMIN_ROLE_IDS.has(r));
        if (!allowed || !delegatedAdmin)
          return graphError(
            req,
            403,
            'ErrorAccessDenied',
            'Access is denied. Check credentials and try again.',
          );
        const policyRefusal = photoWritePolicyCheck(req, caller, deps.quirks);
        if (policyRefusal) return policyRefusal;
      } else if (!(has(caller, READ_PHOTOS) || (isSelf(user) && has(caller, ['User.Read'])))) {
        return graphError(
          req,
          403,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
      }
      const admission = deps.throttling.beginPhoto(caller.appId, user.id, method, req.path);
      if ('status' in admission) return throttledResponse(req, admission, deps);
      try {
        if (isWrite) {
          const write = deps.throttling.takeWrite(caller.appId);
          if (write) return throttledResponse(req, write, deps);
        } else {
          // Photo reads also spend the app's read budget (issue 13; docs/emulator.md says why).
          const read = deps.throttling.takeRead(caller.appId, readCost('single', req.query));
          if (read) return throttledResponse(req, read, deps);
        }
        await this.hold();
        const rest = segs.slice(2);
        const isValue = rest[rest.length - 1] === '$value';
        if (rest[0] === 'photo' && rest.length <= 2) {
          if (method === 'GET') return await this.photos.read(req, user, null, isValue, false);
          // DELETE works on .../photo as well as .../photo/$value (msgraph-metadata#593, 2024-03-20).
          if (method === 'DELETE') return this.photos.remove(req, user);
          if (!isValue)
            return graphError(req, 405, 'BadRequest', 'Use .../photo/$value to change the photo.');
          if (method === 'PUT' || method === 'PATCH') return await this.photos.write(req, user);
        } else if (rest[0] === 'photos' && method === 'GET') {
          if (rest.length === 1) return await this.photos.read(req, user, null, false, true);
          if (rest.length <= 3 && (rest.length === 2 || isValue))
            return await this.photos.read(req, user, rest[1]!, isValue, false);
        }
        return graphError(
          req,
          405,
          'BadRequest',
          `The ${method} method is not supported on this photo resource.`,
        );
      } finally {
        admission.release();
      }
    }

    // Directory reads.
    if (method !== 'GET') {
      return graphError(
        req,
        405,
        'BadRequest',
        `The ${method} method is not supported by the Headshot demo tenant on this resource.`,
      );
    }
    const kind =
      segs.length === 1 || segs[1] === '$count' ? 'collection' : segs[1] === 'delta' ? 'delta' : 'single';
    const read = deps.throttling.takeRead(caller.appId, readCost(kind, req.query));
    if (read) return throttledResponse(req, read, deps);
    await this.hold();
    if (segs.length === 1 || segs[1] === '$count' || segs[1] === 'delta') {
      if (!has(caller, READ_USERS)) {
        return graphError(
          req,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
      }
      if (segs.length === 1) return this.users.list(req);
      if (segs[1] === '$count') return this.users.count(req);
      return this.users.delta(req);
    }
    if (segs.length === 2) {
      const user = deps.store.find(segs[1]!);
      if (!user) return this.notFoundUser(req, segs[1]!);
      if (!has(caller, READ_USERS) && !(isSelf(user) && has(caller, ['User.Read']))) {
        return graphError(
          req,
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
      }
      return this.users.get(req, user);
    }
    if (segs.length === 3 && segs[2] === 'manager') {
      const user = deps.store.find(segs[1]!);
      if (!user) return this.notFoundUser(req, segs[1]!);
      if (!has(caller, READ_MANAGER)) return this.denied(req);
      return this.groups.manager(req, user);
    }
    return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segs[2] ?? ''}'.`);
  }

  /** /groups, /groups/{id}, /groups/{id}/members and /transitiveMembers [/microsoft.graph.user | group]. */
  private async groupRoute(
    req: EmuRequest,
    caller: Caller,
    segs: string[],
    method: string,
  ): Promise<EmuResponse> {
    if (method !== 'GET') {
      return graphError(
        req,
        405,
        'BadRequest',
        `The ${method} method is not supported by the Headshot demo tenant on this resource.`,
      );
    }
    const relation = segs[2];
    const isMembers = relation === 'members' || relation === 'transitiveMembers';
    if (segs.length > 4 || (segs.length >= 3 && !isMembers)) {
      return graphError(req, 400, 'BadRequest', `Resource not found for the segment '${segs[2] ?? ''}'.`);
    }
    const cast = memberCast(segs[3]);
    if (cast === 'unsupported') {
      return graphError(
        req,
        400,
        'Request_UnsupportedQuery',
        `The OData cast '${segs[3]}' is not a member type the Headshot demo tenant has.`,
      );
    }
    const kind = !isMembers ? 'single' : relation === 'members' ? 'members' : 'transitiveMembers';
    const read = this.deps.throttling.takeRead(caller.appId, readCost(kind, req.query));
    if (read) return throttledResponse(req, read, this.deps);
    await this.hold();
    if (!has(caller, READ_GROUPS)) return this.denied(req);
    if (segs.length === 1) return this.groups.list(req);
    if (segs.length === 2) return this.groups.get(req, segs[1]!);
    return this.groups.members(req, segs[1]!, {
      transitive: relation === 'transitiveMembers',
      cast,
      canReadUsers: has(caller, READ_USERS),
    });
  }

  private denied(req: EmuRequest): EmuResponse {
    return graphError(
      req,
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation.',
    );
  }

  private notFoundUser(req: EmuRequest, key: string): EmuResponse {
    return graphError(
      req,
      404,
      'Request_ResourceNotFound',
      `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
    );
  }
}
