/**
 * The code that runs inside a decode worker (see decode-worker.ts, which launches it). One table of decoders, each
 * taking the input bytes and its own arguments and returning raw pixels. The pixel buffer goes back by transfer,
 * not by copy. Errors cross the thread boundary as data: an ImageError keeps its code; anything else is reported as
 * a plain message that the launcher words for the person looking at the file.
 *
 * Bundled to one CommonJS string (decode-worker-source.ts) and run with `eval`, so nothing here may rely on a file
 * path of its own: packages are reached through paths resolved by the launcher.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ImageErrorCode } from '../../../shared/domain';
import { decodeBmp } from './bmp-decoder';
import { ImageError } from './image-error';

export interface WorkerPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 3 | 4;
}

type HeicDecode = (input: { buffer: Uint8Array }) => Promise<{
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}>;

const decoders = {
  bmp: (input: Uint8Array, args: { maxPixels: number }): WorkerPixels =>
    decodeBmp(Buffer.from(input.buffer, input.byteOffset, input.byteLength), args.maxPixels),
  /** heic-decode is a CommonJS package; its path is resolved by the launcher (an eval'd worker has no location). */
  heic: async (input: Uint8Array, args: { modulePath: string }): Promise<WorkerPixels> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const decode = require(args.modulePath) as HeicDecode;
    const image = await decode({ buffer: input });
    return { data: image.data as Uint8Array, width: image.width, height: image.height, channels: 4 };
  },
} satisfies Record<string, (input: Uint8Array, args: never) => WorkerPixels | Promise<WorkerPixels>>;

export type DecoderName = keyof typeof decoders;
export type DecoderArgs = { [N in DecoderName]: Parameters<(typeof decoders)[N]>[1] };

export interface WorkerRequest<N extends DecoderName = DecoderName> {
  decoder: N;
  input: Uint8Array;
  args: DecoderArgs[N];
}

export type WorkerReply =
  ({ ok: true } & WorkerPixels) | { ok: false; code: ImageErrorCode | undefined; message: string };

async function serve(request: WorkerRequest): Promise<void> {
  const port = parentPort;
  if (!port) return;
  try {
    const decode = decoders[request.decoder] as (input: Uint8Array, args: unknown) => Promise<WorkerPixels>;
    const image = await decode(request.input, request.args);
    // Transfer needs an ArrayBuffer of exactly these pixels (a pooled or shared one would take others along).
    const source = image.data;
    const data =
      source.buffer instanceof ArrayBuffer &&
      source.byteOffset === 0 &&
      source.byteLength === source.buffer.byteLength
        ? new Uint8Array(source.buffer)
        : new Uint8Array(source);
    const reply: WorkerReply = {
      ok: true,
      data,
      width: image.width,
      height: image.height,
      channels: image.channels,
    };
    port.postMessage(reply, [data.buffer]);
  } catch (error) {
    const reply: WorkerReply = {
      ok: false,
      code: error instanceof ImageError ? error.code : undefined,
      message: error instanceof Error ? error.message : String(error),
    };
    port.postMessage(reply);
  }
}

// Only inside a worker: the launcher imports this module's types, and tests may import its table.
if (parentPort && (workerData as { decodeWorker?: unknown } | undefined)?.decodeWorker === true) {
  void serve((workerData as { request: WorkerRequest }).request);
}
