/**
 * THE IPC contract between the renderer and the main process. Both sides import it:
 * - main validates every payload with `invokeChannels[channel].input` before a handler sees it;
 * - the preload builds `window.headshot` (one function per channel) from the channel names;
 * - the renderer uses only the inferred types (`HeadshotApi`), so it never bundles zod.
 *
 * Adding a channel: its name in ./ipc-channels.ts (zod-free, so the sandboxed preload stays a few kB), its schemas
 * here, its handler in src/main/ipc/handlers/<area>.ts. The compiler refuses any one without the others
 * (`satisfies Record<InvokeChannel, ...>` here, the `Handlers` map type in main). See docs/architecture.md.
 *
 * Channel names are `<area>:<action>`; the preload exposes them as `window.headshot.<area>.<action>(input)`.
 */
import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './ipc-channels';
import { desktopEventChannels, desktopInvokeChannels } from './ipc-desktop';
import { peopleInvokeChannels } from './ipc-people';
import { prepareInvokeChannels } from './ipc-prepare';

export * from './ipc-channels';

/** Error codes every channel can return; handlers may add more specific ones (see IpcErrorCode). */
export const ipcErrorCodeSchema = z.enum([
  /** The payload failed its schema. */
  'invalid-input',
  /** The sender is not the app's own main frame. */
  'forbidden-sender',
  /** The channel is not in this contract. */
  'unknown-channel',
  /** A long job was cancelled (by job:cancel or because its window closed). */
  'cancelled',
  /** A job with this id is already running. */
  'job-exists',
  /** The request is well-formed but not allowed (e.g. a link outside the allowlist). */
  'not-allowed',
  /** A file or folder does not exist or cannot be read. */
  'not-found',
  /** Anything else: the message says what. */
  'failed',
]);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

export const ipcErrorSchema = z.object({ code: ipcErrorCodeSchema, message: z.string() });
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** What every invoke resolves to. Errors are values: exceptions do not survive the contextBridge intact. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** Job ids are chosen by the caller, so it can subscribe to progress (and cancel) before the job starts. */
export const jobIdSchema = z.uuid();

/** Every long-running channel takes a jobId: its progress and done events carry it. */
function jobInput<T extends z.ZodRawShape>(shape: T) {
  return z.object({ jobId: jobIdSchema, ...shape }).strict();
}

// ---------------------------------------------------------------------------------------------------------------
// Payload schemas

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' in the app, 'harness' in the browser e2e harness. */
  runtime: z.enum(['electron', 'harness']),
  platform: z.string(),
  arch: z.string(),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
  packaged: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const chooseFolderInputSchema = z
  .object({ title: z.string().max(200).optional(), purpose: z.enum(['photos', 'reports']).optional() })
  .strict()
  .optional();
/** null when the user cancelled the dialog. */
export const chooseFolderOutputSchema = z.object({ path: z.string() }).nullable();

export const openExternalInputSchema = z.object({ url: z.string().max(2048) }).strict();

export const jobCancelInputSchema = z.object({ jobId: jobIdSchema }).strict();
/** cancelled is false when no job with that id was running (already finished, or never existed). */
export const jobCancelOutputSchema = z.object({ cancelled: z.boolean() });

/**
 * A diagnostic job (Settings > Diagnostics, and the e2e tests): counts down `steps` times every `intervalMs`.
 * It proves the long-job pattern (progress events, throttling, cancel) without touching the disk or network.
 */
export const demoCountdownInputSchema = jobInput({
  steps: z.number().int().min(1).max(10_000),
  intervalMs: z.number().int().min(0).max(5_000),
});
export const demoCountdownOutputSchema = z.object({ steps: z.number().int() });

/**
 * Scans a folder the user chose (dialog:chooseFolder) for photos, as a job: live counts in job:progress
 * (`images`, `skipped`), the totals when it ends. Only counts cross IPC here; the import flow lists files.
 */
export const libraryScanInputSchema = jobInput({
  root: z.string().min(1).max(4096),
  /** Folder levels below the root to enter (0 = the root's files only); unlimited when absent. */
  maxDepth: z.number().int().min(0).max(64).optional(),
});
export const libraryScanOutputSchema = z.object({
  root: z.string(),
  images: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
  /** Images by detected format (jpeg, png, heic...). */
  formats: z.record(z.string(), z.number().int()),
  /** Skipped entries by reason code (os-litter, not-an-image, empty-file...). */
  skippedByCode: z.record(z.string(), z.number().int()),
});
export type LibraryScanResult = z.infer<typeof libraryScanOutputSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Channels

/** Request/response channels: renderer -> main, resolving to IpcResult<output>. */
export const invokeChannels = {
  'app:info': { input: z.undefined(), output: appInfoSchema },
  'dialog:chooseFolder': { input: chooseFolderInputSchema, output: chooseFolderOutputSchema },
  'shell:openExternal': { input: openExternalInputSchema, output: z.object({ opened: z.literal(true) }) },
  'job:cancel': { input: jobCancelInputSchema, output: jobCancelOutputSchema },
  'demo:countdown': { input: demoCountdownInputSchema, output: demoCountdownOutputSchema },
  'library:scan': { input: libraryScanInputSchema, output: libraryScanOutputSchema },
  ...desktopInvokeChannels,
  ...peopleInvokeChannels,
  ...prepareInvokeChannels,
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const jobStatusSchema = z.enum(['succeeded', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const jobProgressSchema = z.object({
  jobId: jobIdSchema,
  /** The invoke channel that started the job. */
  channel: z.string(),
  /** Units done so far, and the total when known (null while still counting). */
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  /** Named live counters (e.g. files, images, skipped for a folder scan). */
  counts: z.record(z.string(), z.number()),
  /** A short line for people, e.g. the folder being read. */
  message: z.string().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

export const jobDoneSchema = z.object({
  jobId: jobIdSchema,
  channel: z.string(),
  status: jobStatusSchema,
  error: ipcErrorSchema.nullable(),
});
export type JobDone = z.infer<typeof jobDoneSchema>;

/** Event channels: main -> renderer. */
export const eventChannels = {
  /** At most ~10 per second per job; the last update before job:done is always sent. */
  'job:progress': jobProgressSchema,
  'job:done': jobDoneSchema,
  ...desktopEventChannels,
} as const satisfies Record<EventChannel, z.ZodType>;

// ---------------------------------------------------------------------------------------------------------------
// Types derived from the channel maps

/** What the caller passes (before defaults). */
export type InvokeInput<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['input']>;
/** What the handler receives (after parsing). */
export type ParsedInput<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['input']>;
export type InvokeOutput<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

/** Sends one event to the renderer(s). Electron binds it to webContents.send, the e2e harness to a WebSocket. */
export type EventSink = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

type AreaOf<C extends string> = C extends `${infer Area}:${string}` ? Area : never;
type Area = AreaOf<InvokeChannel>;

/** A function takes no argument when its input schema accepts undefined. */
type InvokeFn<C extends InvokeChannel> =
  undefined extends InvokeInput<C>
    ? (input?: InvokeInput<C>) => Promise<IpcResult<InvokeOutput<C>>>
    : (input: InvokeInput<C>) => Promise<IpcResult<InvokeOutput<C>>>;

/** `window.headshot`: `headshot.app.info()`, `headshot.job.cancel({ jobId })`, `headshot.on('job:progress', fn)`. */
export type HeadshotApi = {
  readonly [A in Area]: {
    readonly [C in InvokeChannel as C extends `${A}:${infer Action}` ? Action : never]: InvokeFn<C>;
  };
} & {
  /** Subscribe to an event channel; returns the unsubscribe function. */
  readonly on: <E extends EventChannel>(
    channel: E,
    listener: (payload: EventPayload<E>) => void,
  ) => () => void;
  /** The filesystem path of a dropped File ('' in the browser harness, which has no paths). */
  readonly getPathForFile: (file: File) => string;
};
