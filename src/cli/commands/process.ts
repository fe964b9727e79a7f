/**
 * `headshot process <file-or-folder>... --out <dir>`: run the photo pipeline on files (a folder contributes its
 * regular, non-hidden files; the content decides what is an image) and write `<out>/<base name>.jpg`. Results keep
 * the input order; one bad file never stops the others.
 */
import { open, readdir, stat, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cropStrategySchema } from '../../shared/domain';
import { FACE_TIGHTNESS, type Face } from '../../shared/faces';
import type { FaceDetector } from '../../main/core/faces/face-detector';
import { processImage } from '../../main/core/imaging/process-image';
import { OUTPUT } from '../../main/core/imaging/thresholds';
import { defaultConcurrency, mapConcurrent } from '../../main/core/util/concurrency';
import { type CliCommand, type CliIo, UsageError, writeJson } from '../io';

const usage = `Usage: headshot process <file-or-folder>... --out <dir> [options]

Turns each photo into a square baseline JPEG without metadata, ready for upload.

Options:
  --out <dir>        Where to write <input base name>.jpg (created if needed; never overwrites: adds -2, -3...)
  --size <N>         Output side in pixels, ${OUTPUT.minSize}..${OUTPUT.maxSize} (default ${OUTPUT.defaultSize})
  --crop <strategy>  face | center | attention | contain (default face: the largest face framed for a round
                     photo; without a face, the centre and a no-face warning)
  --tightness <T>    How much of the square the face fills with --crop face, ${FACE_TIGHTNESS.min}..${FACE_TIGHTNESS.max} (default ${FACE_TIGHTNESS.default})
  --background <c>   Letterbox colour for --crop contain, #rgb or #rrggbb (default #ffffff)
  --quality <Q>      JPEG quality 1..100 (default ${OUTPUT.defaultQuality})
  --concurrency <N>  Photos processed at once (default: one per core)
  --json             Print exactly one JSON document: { "results": [...] }

Exit codes: 0 every file succeeded, 1 some failed, 2 usage error.
`;

type Result =
  | {
      file: string;
      ok: true;
      output: string;
      width: number;
      height: number;
      bytes: number;
      sha256: string;
      /** The face a 'face' crop framed (box normalised to the upright source), or null. */
      face: { box: Face['box']; score: number } | null;
      warnings: { code: string; message: string }[];
    }
  | { file: string; ok: false; error: { code: string; message: string } };

/** Files a folder contributes: Windows and macOS housekeeping files are not photos. */
const IGNORED_NAMES = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db']);

export interface ProcessCommandDeps {
  /** Finds faces for --crop face (default: the shared BlazeFace detector); tests pass a fake. */
  detector?: FaceDetector;
}

export const command: CliCommand = processCommand();

export function processCommand(deps: ProcessCommandDeps = {}): CliCommand {
  return {
    summary: 'Process photos into square profile JPEGs (--json for machine output)',
    usage,
    run: async (args, io) => {
      const { values, positionals } = parseOrUsage(args);
      if (positionals.length === 0) throw new UsageError('give at least one file or folder.');
      if (!values.out) throw new UsageError('--out <dir> is required.');
      const size = integerOption(values.size, '--size', OUTPUT.minSize, OUTPUT.maxSize);
      const quality = integerOption(values.quality, '--quality', 1, 100);
      const concurrency = integerOption(values.concurrency, '--concurrency', 1, 64) ?? defaultConcurrency();
      const crop =
        values.crop === undefined ? undefined : cropStrategySchema.exclude(['rect']).safeParse(values.crop);
      if (crop && !crop.success)
        throw new UsageError(`--crop must be face, center, attention or contain (got '${values.crop}').`);
      const tightness = tightnessOption(values.tightness);
      if (values.background !== undefined && !/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(values.background)) {
        throw new UsageError(`--background must be a #rgb or #rrggbb colour (got '${values.background}').`);
      }

      const outDir = path.resolve(io.cwd, values.out);
      try {
        await mkdir(outDir, { recursive: true });
      } catch (error) {
        throw new UsageError(`cannot create the output folder ${values.out}: ${(error as Error).message}`);
      }

      const files = await expandInputs(positionals, io);
      // Names are planned in input order before any work starts, so clash suffixes do not depend on timing.
      const planned = planNames(files);
      const reserved = new Set(planned.map((name) => name.toLowerCase()));
      const results = await mapConcurrent(
        files,
        concurrency,
        async (file, index): Promise<Result> => {
          const outcome = await processImage(path.resolve(io.cwd, file), {
            size,
            quality,
            crop: crop?.data,
            ...(tightness === undefined ? {} : { framing: { tightness } }),
            ...(deps.detector ? { detector: deps.detector } : {}),
            background: values.background,
            signal: io.signal,
          });
          if (!outcome.ok) return { file, ok: false, error: outcome.error };
          try {
            const written = await writeUnique(outDir, planned[index] as string, outcome.jpeg, reserved);
            return {
              file,
              ok: true,
              output: path.join(values.out as string, written),
              width: outcome.width,
              height: outcome.height,
              bytes: outcome.bytes,
              sha256: outcome.sha256,
              face: outcome.face ? { box: outcome.face.box, score: outcome.face.score } : null,
              warnings: outcome.warnings,
            };
          } catch (error) {
            return {
              file,
              ok: false,
              error: { code: 'write-error', message: `Cannot write the output: ${(error as Error).message}` },
            };
          }
        },
        io.signal,
      );

      if (values.json) {
        writeJson(io, { results });
      } else {
        for (const result of results) {
          if (result.ok) {
            const notes = result.warnings.map((w) => `\n    warning ${w.code}: ${w.message}`).join('');
            io.stdout(`ok    ${result.file} -> ${result.output} (${result.bytes} bytes)${notes}\n`);
          } else {
            io.stdout(`FAIL  ${result.file}: ${result.error.code}: ${result.error.message}\n`);
          }
        }
        const failed = results.filter((result) => !result.ok).length;
        io.stdout(`${results.length - failed} processed, ${failed} failed.\n`);
      }
      return results.every((result) => result.ok) ? 0 : 1;
    },
  };
}

function tightnessOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n < FACE_TIGHTNESS.min || n > FACE_TIGHTNESS.max) {
    throw new UsageError(
      `--tightness must be a number from ${FACE_TIGHTNESS.min} to ${FACE_TIGHTNESS.max} (got '${value}').`,
    );
  }
  return n;
}

function parseOrUsage(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        out: { type: 'string', short: 'o' },
        size: { type: 'string' },
        crop: { type: 'string' },
        tightness: { type: 'string' },
        background: { type: 'string' },
        quality: { type: 'string' },
        concurrency: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function integerOption(
  value: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max} (got '${value}').`);
  return n;
}

/**
 * Files stay as given; a folder contributes its regular, non-hidden files (not recursive), sorted by name. A path
 * that cannot be read is kept as a file, so it gets its own `read-error` result instead of stopping the run.
 */
async function expandInputs(inputs: string[], io: CliIo): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(path.resolve(io.cwd, input)).catch(() => undefined);
    if (!info?.isDirectory()) {
      files.push(input);
      continue;
    }
    const entries = await readdir(path.resolve(io.cwd, input), { withFileTypes: true });
    const names = entries
      .filter(
        (entry) =>
          entry.isFile() && !entry.name.startsWith('.') && !IGNORED_NAMES.has(entry.name.toLowerCase()),
      )
      .map((entry) => entry.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) files.push(path.join(input, name));
  }
  return files;
}

function baseName(file: string): string {
  return path.basename(file).replace(/\.[^.]*$/, '') || 'photo';
}

/** `<base>.jpg`, then `<base>-2.jpg`, `<base>-3.jpg`... for later inputs with the same base name (case-insensitive). */
function planNames(files: string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const base = baseName(file);
    for (let n = 1; ; n++) {
      const name = n === 1 ? `${base}.jpg` : `${base}-${n}.jpg`;
      if (!taken.has(name.toLowerCase())) {
        taken.add(name.toLowerCase());
        return name;
      }
    }
  });
}

/**
 * Write the planned name; if a file of that name already exists in the folder, the next free suffix not planned
 * for another input. The exclusive open ('wx') never overwrites anything.
 */
async function writeUnique(
  dir: string,
  planned: string,
  data: Buffer,
  reserved: Set<string>,
): Promise<string> {
  const base = planned.replace(/\.jpg$/, '');
  for (let n = 1; ; n++) {
    const name = n === 1 ? planned : `${base}-${n}.jpg`;
    if (n > 1 && reserved.has(name.toLowerCase())) continue;
    reserved.add(name.toLowerCase());
    let handle;
    try {
      handle = await open(path.join(dir, name), 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    return name;
  }
}
