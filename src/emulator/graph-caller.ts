/**
 * What a Graph request runs as: the authenticated caller, the surface it came in on, and its outcome (a response,
 * or a reset connection). Its own module so that $batch (graph-batch.ts) and the router (graph.ts) share it
 * without importing each other.
 */
import type { EmuRequest, EmuResponse } from './http-util';
import type { JwtClaims } from './jwt';

export const RESET = Symbol('reset');
export type GraphOutcome = EmuResponse | typeof RESET;

export interface Caller {
  claims: JwtClaims;
  appId: string;
  /** Delegated user's object id, or null for app-only. */
  userId: string | null;
  permissions: Set<string>;
  roleIds: Set<string>;
}

export interface ExecuteContext {
  surface: 'graph' | 'batch-item';
  /** $batch items inherit the outer request's authenticated caller. */
  caller?: Caller | null;
  batch?: { seq: number; id: string };
  /** 'beta' only for the one beta route served (src/emulator/graph-people-admin.ts). */
  version?: 'beta';
}

/** Runs one Graph request: the router implements it, and $batch items go through it. */
export interface GraphExecutor {
  execute(req: EmuRequest, ctx: ExecuteContext): Promise<GraphOutcome>;
}
