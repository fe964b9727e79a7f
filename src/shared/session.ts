/** Sign-in shapes shared by main and the renderer over IPC (no token ever appears here). */
import { z } from 'zod';
import { cloudSchema } from './domain';

export const authModeSchema = z.enum(['interactive', 'device-code']);

export const signInInputSchema = z
  .object({
    cloud: cloudSchema.exclude(['custom']),
    /** Tenant domain or GUID. */
    tenant: z.string().trim().min(1).max(256),
    clientId: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
        message: 'The client ID is a GUID, as shown on the app registration’s Overview page.',
      }),
    mode: authModeSchema,
  })
  .strict();
export type SignInInput = z.infer<typeof signInInputSchema>;

export const sessionInfoSchema = z.object({
  signedIn: z.boolean(),
  /** True for the built-in demo tenant: the UI marks it everywhere. */
  demo: z.boolean(),
  account: z.string().nullable(),
  tenantId: z.string().nullable(),
  /**
   * The tenant by name for people: the organization's display name, else its first verified domain, else its id
   * (read once after sign-in). Null when signed out; absent in shapes written before it existed.
   */
  tenantName: z.string().nullable().optional(),
  cloud: cloudSchema.nullable(),
  /** Whether the token cache survives restarts (false when only plaintext storage exists, or for the demo). */
  cachePersisted: z.boolean(),
  /** Why the cache is not persisted, for people; null when it is. */
  cacheNote: z.string().nullable(),
  /** The last real tenant signed in to (no secret): the sign-in form starts from it. */
  lastSignIn: signInInputSchema.nullable(),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const demoInfoSchema = z.object({
  session: sessionInfoSchema,
  /** The demo's sample photo folder and mapping CSV, ready to import. */
  folder: z.string(),
  mappingCsv: z.string(),
  userCount: z.number().int(),
});
export type DemoInfo = z.infer<typeof demoInfoSchema>;

export const deviceCodeEventSchema = z.object({
  message: z.string(),
  userCode: z.string(),
  verificationUri: z.string(),
});
export type DeviceCodeEvent = z.infer<typeof deviceCodeEventSchema>;

export const SIGNED_OUT: SessionInfo = {
  signedIn: false,
  demo: false,
  account: null,
  tenantId: null,
  tenantName: null,
  cloud: null,
  cachePersisted: false,
  cacheNote: null,
  lastSignIn: null,
};

/** How the signed-in tenant is named on screen: its name, else its id, else a plain phrase. */
export function tenantLabel(info: Pick<SessionInfo, 'tenantId' | 'tenantName'>): string {
  return info.tenantName?.trim() || info.tenantId || 'your tenant';
}
