import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { FolderError, type ScanEntry, scanFolder } from './scan-folder';

let root: string;
let jpeg: Buffer;
let png: Buffer;

async function put(rel: string, content: Buffer | string) {
  const abs = path.join(root, rel);
  await mkdir(path.dirname(abs), { recursive: true });
  await writeFile(abs, content);
}

async function collect(dir: string, opts?: Parameters<typeof scanFolder>[1]): Promise<ScanEntry[]> {
  const out: ScanEntry[] = [];
  for await (const entry of scanFolder(dir, opts)) out.push(entry);
  return out;
}

function byPath(entries: ScanEntry[]) {
  return Object.fromEntries(
    entries.map((e) => [e.path, e.kind === 'image' ? `image:${e.format}` : `skipped:${e.code}`]),
  );
}

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a0a0a0' } })
    .jpeg()
    .toBuffer();
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#a0a0a0' } })
    .png()
    .toBuffer();
});

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'headshot-scan-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('scanFolder', () => {
  it('types files by content, skips litter with reasons, and reports relative / paths', async () => {
    await put('jane.doe.jpg', jpeg);
    await put('png-named.txt', png);
    await put('notes.jpg', 'not really a photo');
    await put('empty.jpg', '');
    await put('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await put('brochure.jpg', '%PDF-1.4\n');
    await put('.DS_Store', 'x');
    await put('Thumbs.db', 'x');
    await put('desktop.ini', 'x');
    await put('._jane.doe.jpg', jpeg);
    await put('.secret.jpg', jpeg);
    await put('__MACOSX/._jane.doe.jpg', jpeg);
    await put('.git/HEAD', 'ref');
    await put('Sales/EMEA/John Smith.png', png);

    const entries = await collect(root);
    expect(byPath(entries)).toEqual({
      '.DS_Store': 'skipped:os-litter',
      '.git': 'skipped:hidden',
      '.secret.jpg': 'skipped:hidden',
      '._jane.doe.jpg': 'skipped:os-litter',
      'Sales/EMEA/John Smith.png': 'image:png',
      'Thumbs.db': 'skipped:os-litter',
      __MACOSX: 'skipped:os-litter',
      'brochure.jpg': 'skipped:unsupported-format',
      'desktop.ini': 'skipped:os-litter',
      'empty.jpg': 'skipped:empty-file',
      'jane.doe.jpg': 'image:jpeg',
      'logo.svg': 'skipped:unsupported-format',
      'notes.jpg': 'skipped:not-an-image',
      'png-named.txt': 'image:png',
    });
    const image = entries.find((e) => e.path === 'Sales/EMEA/John Smith.png');
    expect(image).toMatchObject({
      kind: 'image',
      size: png.length,
      absolutePath: path.join(root, 'Sales', 'EMEA', 'John Smith.png'),
    });
    for (const e of entries) if (e.kind === 'skipped') expect(e.reason).toMatch(/\w.*\./);
  });

  it('normalises NFD names to NFC but keeps the on-disk spelling for opening', async () => {
    const nfd = 'José Müller.jpg'.normalize('NFD');
    await put(nfd, jpeg);
    const [entry] = await collect(root);
    expect(entry?.path).toBe('José Müller.jpg'.normalize('NFC'));
    expect(entry?.kind === 'image' && path.basename(entry.absolutePath)).toBe(nfd);
  });

  it('survives symbolic-link loops and scans a linked folder once', async () => {
    await put('a/one.jpg', jpeg);
    await symlink(path.join(root, 'a'), path.join(root, 'a', 'loop'));
    await symlink(path.join(root, 'a'), path.join(root, 'b-link'));
    await symlink(path.join(root, 'a', 'one.jpg'), path.join(root, 'c-file-link.jpg'));
    await symlink(path.join(root, 'missing.jpg'), path.join(root, 'd-broken.jpg'));
    expect(byPath(await collect(root))).toEqual({
      'a/loop': 'skipped:already-scanned',
      'a/one.jpg': 'image:jpeg',
      'b-link': 'skipped:already-scanned',
      'c-file-link.jpg': 'image:jpeg',
      'd-broken.jpg': 'skipped:broken-link',
    });
  });

  it('honours maxDepth', async () => {
    await put('top.jpg', jpeg);
    await put('l1/mid.jpg', jpeg);
    await put('l1/l2/deep.jpg', jpeg);
    expect(byPath(await collect(root, { maxDepth: 0 }))).toEqual({
      l1: 'skipped:too-deep',
      'top.jpg': 'image:jpeg',
    });
    expect(byPath(await collect(root, { maxDepth: 1 }))).toEqual({
      'l1/l2': 'skipped:too-deep',
      'l1/mid.jpg': 'image:jpeg',
      'top.jpg': 'image:jpeg',
    });
  });

  it('skips a named pipe without blocking on it', async () => {
    try {
      execFileSync('mkfifo', [path.join(root, 'pipe.jpg')]);
    } catch {
      return; // no mkfifo on this OS
    }
    expect(byPath(await collect(root))).toEqual({ 'pipe.jpg': 'skipped:not-a-file' });
  });

  it('reports an unreadable subfolder and carries on', async () => {
    if (process.getuid?.() === 0) return; // root reads everything
    await put('locked/x.jpg', jpeg);
    await put('ok.jpg', jpeg);
    execFileSync('chmod', ['000', path.join(root, 'locked')]);
    try {
      expect(byPath(await collect(root))).toEqual({ locked: 'skipped:unreadable', 'ok.jpg': 'image:jpeg' });
    } finally {
      execFileSync('chmod', ['755', path.join(root, 'locked')]);
    }
  });

  it('throws FolderError for a missing folder or a file', async () => {
    await expect(collect(path.join(root, 'nope'))).rejects.toThrow(FolderError);
    await put('file.jpg', jpeg);
    await expect(collect(path.join(root, 'file.jpg'))).rejects.toThrow(/is not a folder/);
  });

  it('stops when aborted', async () => {
    for (let i = 0; i < 10; i++) await put(`f${i}.jpg`, jpeg);
    const controller = new AbortController();
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const entry of scanFolder(root, { signal: controller.signal })) {
          seen.push(entry.path);
          controller.abort();
        }
      })(),
    ).rejects.toThrow();
    expect(seen.length).toBeLessThan(10);
  });
});
