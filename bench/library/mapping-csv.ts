/**
 * Mapping CSV at and over the size cap: time and peak RSS of readMappingCsv (read, decode, parse, row checks) on
 * generated files, each case in a fresh child process so that its peak RSS (getrusage maxrss) is its own.
 *
 * - a 20 MB mapping file (just under the cap) in UTF-8, Windows-1252 and UTF-16 LE, and with a stray quote in row 5;
 * - a 50 MB single-row file: over the cap, so what is measured is the cost of refusing it;
 * - the parser's own linearity on one huge row (a single 19 MB field, quoted with "" and delimiters inside, and
 *   unquoted), since the 50 MB row never reaches the parser; and on many rows, from 2 to 19 MB.
 *
 * Run: npx tsx bench/library/mapping-csv.ts
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAPPING_MAX_BYTES, readMappingCsv } from '../../src/main/core/library/parse-mapping-csv';

const MiB = 1024 * 1024;
interface Result {
  ms: number;
  cpuMs: number;
  baseRssMb: number;
  peakRssMb: number;
  rows: number;
  errors: number;
  encoding: string | null;
  refused: string | null;
}

if (process.argv[2] === '--child') {
  const file = process.argv[3] as string;
  const base = process.resourceUsage().maxRSS;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let result: Omit<Result, 'ms' | 'cpuMs' | 'baseRssMb' | 'peakRssMb'>;
  try {
    const parsed = await readMappingCsv(file);
    result = {
      rows: parsed.rows.length,
      errors: parsed.errors.length,
      encoding: parsed.encoding,
      refused: null,
    };
  } catch (error) {
    result = { rows: 0, errors: 0, encoding: null, refused: (error as Error).message };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  process.send!({
    ...result,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    baseRssMb: base / 1024,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  } satisfies Result);
  process.exit(0);
}

const measure = (file: string) =>
  new Promise<Result>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--child', file], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (m) => resolve(m as Result));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}`));
    });
  });

/** Mapping rows in the shapes admins write: diacritics, subfolders, a quoted name with the delimiter in it. */
function mappingText(targetChars: number, quoteInRow5 = false): string {
  const header = 'file,upn,note\r\n';
  const parts = [header];
  let size = header.length;
  for (let i = 0; size < targetChars; i++) {
    const row =
      i % 10 === 7
        ? `"Sales\\Müller, Zoë ${i}.jpg",zoe.mueller${i}@contoso.com,"said ""hi"", twice"\r\n`
        : `Team ${i % 50}/José Ñúñez ${i}.jpg,jose.nunez${i}@contoso.com,ok\r\n`;
    parts.push(quoteInRow5 && i === 3 ? `"${row}` : row);
    size += row.length;
  }
  return parts.join('');
}

const bytesOf = {
  utf8: (t: string) => Buffer.from(t, 'utf8'),
  cp1252: (t: string) => Buffer.from(t, 'latin1'), // the text above has only Latin-1 letters
  utf16le: (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
};

/** Fits `bytes` under `limit` by trimming whole rows off the end (`unit`: 2 for the 0x0a 0x00 of UTF-16 LE). */
function fit(bytes: Buffer, limit: number, unit = 1): Buffer {
  if (bytes.length <= limit) return bytes;
  const cut = bytes.lastIndexOf(unit === 2 ? Buffer.from([0x0a, 0x00]) : Buffer.from([0x0a]), limit - unit);
  return bytes.subarray(0, cut + unit);
}

function singleRow(fieldBytes: number, quoted: boolean): Buffer {
  const header = 'file,upn,note\r\nhuge.jpg,huge@contoso.com,';
  const unit = quoted ? 'Zoë said ""a, b; c"" ' : 'Zoe-Mueller-abcdefghijklmnop ';
  const reps = Math.ceil(fieldBytes / Buffer.byteLength(unit));
  const field = unit.repeat(reps);
  return Buffer.from(quoted ? `${header}"${field}"\r\n` : `${header}${field}\r\n`, 'utf8');
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-bench-csv-'));
const rows: string[][] = [];
const run = async (label: string, bytes: Buffer) => {
  const file = path.join(dir, `${rows.length}.csv`);
  await writeFile(file, bytes);
  const r = await measure(file);
  const mb = bytes.length / MiB;
  rows.push([
    label,
    `${mb.toFixed(1)} MB`,
    r.refused
      ? `refused: "${r.refused.replace(file, '<file>').slice(0, 60)}..."`
      : `${r.rows.toLocaleString('en')} rows, ${r.errors} errors, ${r.encoding}`,
    `${r.ms.toFixed(0)} ms`,
    `${r.cpuMs.toFixed(0)} ms`,
    r.refused ? '' : `${(r.cpuMs / mb).toFixed(0)} ms`,
    `${r.peakRssMb.toFixed(0)} MB (+${(r.peakRssMb - r.baseRssMb).toFixed(0)})`,
  ]);
  console.log(rows.at(-1)!.join(' | '));
};

try {
  const limit = MAPPING_MAX_BYTES;
  const text = mappingText(limit);
  await run('mapping file, UTF-8', fit(bytesOf.utf8(text), limit));
  await run('mapping file, Windows-1252', fit(bytesOf.cp1252(text), limit));
  await run(
    'mapping file, UTF-16 LE ("Unicode Text")',
    fit(bytesOf.utf16le(mappingText(limit / 2)), limit, 2),
  );
  await run('mapping file, UTF-8, stray quote in row 5', fit(bytesOf.utf8(mappingText(limit, true)), limit));
  for (const size of [2, 4, 8, 16]) {
    await run(`linearity: rows, UTF-8`, fit(bytesOf.utf8(mappingText(size * MiB)), size * MiB));
  }
  await run('single row, 50 MB (over the cap)', singleRow(50 * MiB, false));
  for (const size of [2, 4, 8, 19]) await run('single row, one unquoted field', singleRow(size * MiB, false));
  for (const size of [2, 4, 8, 19])
    await run('single row, one quoted field with "" and , ;', singleRow(size * MiB, true));
  console.log(
    '\n| What | Size | Result | Wall | CPU | CPU per MB | Peak RSS (over a bare child) |\n| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(
    `\nNode ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
