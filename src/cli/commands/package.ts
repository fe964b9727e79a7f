/**
 * `headshot package <folder> --roster <csv> --out <folder or .zip>`: the photographer's side of issue 14, without a
 * tenant. The folder is matched against the roster with the one matcher, every matched photo is processed and the
 * handoff package is written (photos/, optionally originals/, manifest.json) for the admin's `headshot upload`.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cropStrategySchema, type CropStrategy } from '../../shared/domain';
import { FACE_TIGHTNESS } from '../../shared/faces';
import { visibleText } from '../../shared/visible-text';
import { matchFolder } from '../../main/core/matching/match-folder';
import {
  PackageWriteError,
  readRoster,
  RosterFileError,
  writePackage,
  type PackageItem,
} from '../../main/core/package/index';
import { isInputError } from '../input-errors';
import { type CliCommand, UsageError, writeJson } from '../io';
import { parseCliArgs } from './scan';

const usage = `Usage: headshot package <folder> --roster <roster.csv> --out <folder or file.zip>
                        [--originals] [--created-by <name>] [--crop <strategy>] [--tightness <n>] [--json]

Matches the photos in the folder to the roster (file names and the roster's name, email, UPN and employee ID
columns, exactly as upload matches against a tenant), processes every matched photo to a 648 px JPEG and writes a
handoff package: photos/, originals/ with --originals, and manifest.json with each file's checksum. A name ending
in .zip writes a zip; anything else, a folder. The admin checks and uploads it with \`headshot upload <package>\`.

Options:
  --roster <file>       CSV with a name, email (or upn) and employeeId column; the admin's
                        \`headshot inventory --missing --csv\` is one
  --out <path>          The package to write (must not exist): a folder, or a file ending in .zip
  --originals           Put the original files in the package too (lets the admin re-frame)
  --created-by <name>   Who made the package (default: your user name)
  --crop <strategy>     face (default), center, attention, contain
  --tightness <n>       Face crop tightness, ${FACE_TIGHTNESS.min}..${FACE_TIGHTNESS.max} (default ${FACE_TIGHTNESS.default}: head and shoulders)
  --json                Print one JSON document: { out, photos, failed, unmatched, missing, rosterProblems }

Exit status: 0 when the package was written (whatever was left out), 2 on usage or input errors.
`;

export const command: CliCommand = {
  summary: 'Make a handoff package from a folder and a roster (no tenant needed)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseCliArgs({
      args,
      allowPositionals: true,
      options: {
        roster: { type: 'string' },
        out: { type: 'string' },
        originals: { type: 'boolean', default: false },
        'created-by': { type: 'string' },
        crop: { type: 'string', default: 'face' },
        tightness: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError('give exactly one folder');
    if (!values.roster) throw new UsageError('--roster <roster.csv> is required');
    if (!values.out) throw new UsageError('--out <folder or file.zip> is required');
    const crop = parseCrop(values.crop);
    const tightness = parseTightness(values.tightness);
    const resolve = (p: string) => path.resolve(io.cwd, p);

    try {
      const roster = await readRoster(resolve(values.roster));
      const report = await matchFolder({
        folder: resolve(positionals[0] as string),
        directory: roster.users,
        signal: io.signal,
      });
      const items: PackageItem[] = [];
      const used = new Set<string>();
      for (const m of report.matches) {
        const source = report.images.get(m.file);
        const identity = m.user ? roster.identities.get(m.user.id) : undefined;
        if (m.status !== 'matched' || !source || !identity || !m.user) continue;
        used.add(m.user.id);
        items.push({ source, sourceName: m.file, identity, crop: { strategy: crop } });
      }
      const unmatched = report.matches.filter((m) => m.status !== 'matched');
      const missing = roster.users.filter((u) => !used.has(u.id)).map((u) => roster.identities.get(u.id)!);
      const result = await writePackage(items, {
        out: resolve(values.out),
        includeOriginals: values.originals,
        createdBy: values['created-by'] ?? userName(io.env),
        toolVersion: toolVersion(),
        ...(tightness !== undefined ? { framing: { tightness } } : {}),
        missing,
        signal: io.signal,
      });
      const rosterProblems = roster.problems;
      if (values.json) {
        writeJson(io, {
          out: result.out,
          photos: result.manifest.photos.length,
          failed: result.failed,
          unmatched: unmatched.map(({ file, status, reason }) => ({ file, status, reason })),
          missing: result.manifest.missing,
          rosterProblems,
        });
        return 0;
      }
      for (const p of rosterProblems)
        io.stderr(`headshot package: roster row ${p.row}: ${visibleText(p.message)}\n`);
      for (const m of unmatched)
        io.stdout(`left out ${visibleText(m.file)}: ${m.status}: ${visibleText(m.reason)}\n`);
      for (const f of result.failed) io.stdout(`failed   ${visibleText(f.sourceName)}: ${f.error.message}\n`);
      io.stdout(
        `Wrote ${result.manifest.photos.length} photos to ${result.out}; ${unmatched.length} files left out, ${result.failed.length} failed, ${missing.length} roster people without a photo.\n`,
      );
      return 0;
    } catch (error) {
      if (isInputError(error) || error instanceof RosterFileError || error instanceof PackageWriteError) {
        io.stderr(`headshot package: ${error.message}\n`);
        return 2;
      }
      throw error;
    }
  },
};

function parseCrop(value: string | undefined): CropStrategy {
  const parsed = cropStrategySchema.safeParse(value);
  if (!parsed.success || parsed.data === 'rect') {
    throw new UsageError(`--crop must be face, center, attention or contain, not "${value}"`);
  }
  return parsed.data;
}

function parseTightness(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d*\.?\d+$/.test(value) || n < FACE_TIGHTNESS.min || n > FACE_TIGHTNESS.max) {
    throw new UsageError(
      `--tightness must be a number from ${FACE_TIGHTNESS.min} to ${FACE_TIGHTNESS.max}, not "${value}"`,
    );
  }
  return n;
}

function userName(env: NodeJS.ProcessEnv): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

/** Headshot's version from its package.json, found upward from this file (source tree and build alike). */
function toolVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'headshot' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}
