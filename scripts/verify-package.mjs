// `npm run package:verify`: checks the packaging as far as a machine without an Electron binary (and without
// network) allows. It reads electron-builder.yml, stages the app as electron-builder would (the `files` allowlist
// plus the production dependency tree), packs it with @electron/asar using the config's asarUnpack globs, then
// checks the archive: the built app is in, sources and dev dependencies are out, sharp and @img are unpacked and
// actually load, and every package the main and CLI bundles import is present. On Linux it then runs
// electron-builder --dir around a stand-in Electron and checks the packaged layout (launcher, fuses, feed).
// docs/packaging.md lists what this covers.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as asar from '@electron/asar';
import yaml from 'js-yaml';
import minimatch from 'minimatch';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const work = path.join(root, 'release/verify');
const failures = [];
const passes = [];
const check = (ok, what) => (ok ? passes : failures).push(what);

// ------------------------------------------------------------------------------------------------------------
// 1. The config

const config = yaml.load(await readFile(path.join(root, 'electron-builder.yml'), 'utf8'));
const targets = (platform) =>
  Object.fromEntries((config[platform]?.target ?? []).map((t) => [t.target, [...(t.arch ?? [])].sort()]));

check(config.appId === 'com.headshot.app', `appId is com.headshot.app`);
check(config.productName === 'Headshot', 'productName is Headshot');
check(
  JSON.stringify(targets('win')) === JSON.stringify({ nsis: ['arm64', 'x64'] }),
  'Windows: nsis x64 + arm64',
);
check(
  JSON.stringify(targets('mac')) === JSON.stringify({ dmg: ['arm64', 'x64'], zip: ['arm64', 'x64'] }),
  'macOS: dmg + zip, x64 + arm64',
);
check(config.mac?.hardenedRuntime === true, 'macOS: hardened runtime');
check(config.mac?.notarize === false, 'macOS: notarization off by default');
check(existsSync(path.join(root, config.mac?.entitlements ?? '-')), 'macOS: entitlements file exists');
check(
  JSON.stringify(Object.keys(targets('linux')).sort()) === JSON.stringify(['AppImage', 'deb']),
  'Linux: AppImage + deb',
);
const fuses = config.electronFuses ?? {};
for (const [fuse, wanted] of Object.entries({
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
})) {
  check(fuses[fuse] === wanted, `fuse ${fuse} = ${wanted}`);
}
for (const pattern of ['node_modules/sharp/**', 'node_modules/@img/**', 'out/face/**']) {
  check(config.asarUnpack?.includes(pattern), `asarUnpack has ${pattern}`);
}
// The CLI after install (docs/packaging.md): a launcher per OS in resources/bin, the installer scripts, the feed.
for (const [platform, to] of [
  ['win', 'bin/headshot.cmd'],
  ['mac', 'bin/headshot'],
  ['linux', 'bin/headshot'],
]) {
  const entry = (config[platform]?.extraResources ?? []).find((r) => r.to === to);
  const from = entry ? path.join(root, entry.from) : null;
  check(from !== null && existsSync(from), `${platform}: ships the launcher resources/${to}`);
  if (from && to.endsWith('/headshot')) {
    let parses = true;
    try {
      execFileSync('sh', ['-n', from]);
    } catch {
      parses = false;
    }
    check(parses, `${platform}: ${entry.from} is valid sh`);
  }
}
check(existsSync(path.join(root, config.nsis?.include ?? '-')), 'Windows: nsis.include exists (PATH)');
for (const key of ['afterInstall', 'afterRemove']) {
  check(existsSync(path.join(root, config.deb?.[key] ?? '-')), `deb: ${key} script exists`);
}
check(
  config.publish?.provider === 'generic' && /^https:\/\//.test(config.publish?.url ?? ''),
  'updates: a generic HTTPS feed in publish',
);

const { default: sharp } = await import('sharp');
for (const platform of ['win', 'mac', 'linux']) {
  const icon = path.join(root, config[platform]?.icon ?? '-');
  const size = existsSync(icon) ? ((await sharp(icon).metadata()).width ?? 0) : 0;
  check(size >= 512, `${platform} icon ${config[platform]?.icon} is at least 512 px (${size})`);
}

// ------------------------------------------------------------------------------------------------------------
// 2. Stage the app as electron-builder would

if (
  !existsSync(path.join(root, 'out/main/index.js')) ||
  !existsSync(path.join(root, 'out/renderer/index.html'))
) {
  console.log('package:verify: building first');
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
}

/** electron-builder's rule: patterns apply in order, a later "!" pattern excludes what earlier ones included. */
function allowed(relative, patterns) {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(relative, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

await rm(work, { recursive: true, force: true });
const stage = path.join(work, 'app');
await mkdir(stage, { recursive: true });
for (const top of ['package.json', 'out', 'assets', 'src', 'build']) {
  const start = path.join(root, top);
  if (!existsSync(start)) continue;
  const files = (await stat(start)).isDirectory() ? walk(start) : [start];
  for await (const file of files) {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (allowed(relative, config.files)) await cp(file, path.join(stage, relative));
  }
}

// The production dependency tree, as npm resolved it (electron-builder does the same from package.json).
const prodPaths = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((p) => p && p !== root)
  .sort();
const copied = [];
for (const dir of prodPaths) {
  if (copied.some((c) => dir.startsWith(c + path.sep))) continue; // inside a package already copied
  await cp(dir, path.join(stage, path.relative(root, dir)), {
    recursive: true,
    filter: (src) => !/\.(md|map)$/i.test(src),
  });
  copied.push(dir);
}
check(copied.length > 0, `staged ${copied.length} production packages`);

// ------------------------------------------------------------------------------------------------------------
// 3. Pack and inspect the asar

const archive = path.join(work, 'app.asar');
const unpack = `{${config.asarUnpack.map((p) => `**/${p}`).join(',')}}`;
await asar.createPackageWithOptions(stage, archive, { unpack });
const listing = new Set(asar.listPackage(archive, { isPack: false }).map((p) => p.split(path.sep).join('/')));
const unpackedDir = `${archive}.unpacked`;

for (const file of [
  '/package.json',
  '/out/main/index.js',
  '/out/preload/index.cjs',
  '/out/cli/index.js',
  '/out/renderer/index.html',
  '/assets/icon.png',
]) {
  check(listing.has(file), `asar contains ${file}`);
}
const bad = [...listing].filter(
  (p) =>
    p.startsWith('/src') ||
    p.startsWith('/e2e') ||
    p.endsWith('.map') ||
    /^\/node_modules\/(react|react-dom|vite|electron|@fluentui|typescript|vitest|@playwright|@tensorflow|@vladmandic)\//.test(
      p,
    ),
);
check(
  bad.length === 0,
  `asar holds no sources, maps or dev dependencies${bad.length ? `: ${bad.slice(0, 5).join(', ')}` : ''}`,
);
check(
  asar.statFile(archive, 'node_modules/sharp/package.json', false).unpacked === true,
  'sharp is marked unpacked in the asar header',
);

// The face model and wasm runtime: in the archive's listing and unpacked as real files (the face worker reads them
// with fs; src/main/core/faces/face-assets.ts prefers app.asar.unpacked/out/face).
for (const file of [
  'blazeface.json',
  'blazeface.bin',
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
]) {
  check(
    listing.has(`/out/face/${file}`) && existsSync(path.join(unpackedDir, 'out/face', file)),
    `out/face/${file} is packed and unpacked`,
  );
}

const platformPackage = `sharp-${process.platform}-${process.arch}`;
const addonDir = path.join(unpackedDir, `node_modules/@img/${platformPackage}/lib`);
const addons = existsSync(addonDir) ? (await readdir(addonDir)).filter((f) => f.endsWith('.node')) : [];
check(
  addons.length > 0,
  `the native addon is unpacked: @img/${platformPackage}/lib/${addons[0] ?? '*.node'}`,
);
const libvipsDir = path.join(
  unpackedDir,
  `node_modules/@img/sharp-libvips-${process.platform}-${process.arch}/lib`,
);
const libvips = existsSync(libvipsDir)
  ? (await readdir(libvipsDir)).filter((f) => f.startsWith('libvips'))
  : [];
check(
  process.platform === 'win32' || libvips.length > 0,
  `libvips is unpacked (${libvips.join(', ') || 'none'})`,
);

// Load sharp from the unpacked tree only and make a JPEG: the unpacked files are complete and usable.
try {
  const sharpUnpacked = createRequire(path.join(unpackedDir, 'node_modules/sharp/package.json'))('sharp');
  const jpeg = await sharpUnpacked({ create: { width: 64, height: 64, channels: 3, background: '#0f6cbd' } })
    .jpeg()
    .toBuffer();
  const resolvedFrom = createRequire(path.join(unpackedDir, 'node_modules/sharp/package.json')).resolve(
    'sharp',
  );
  check(
    jpeg[0] === 0xff && jpeg[1] === 0xd8 && resolvedFrom.startsWith(unpackedDir),
    'sharp loads from app.asar.unpacked and encodes a JPEG',
  );
} catch (error) {
  check(false, `sharp loads from app.asar.unpacked (${error.message})`);
}

// Every bare import of the main bundle and of the CLI bundle (CLI mode) must be a runtime dependency in the archive.
const cliBundle = path.join(root, 'out/cli/index.js');
const mainBundle =
  (await readFile(path.join(root, 'out/main/index.js'), 'utf8')) +
  (existsSync(cliBundle) ? await readFile(cliBundle, 'utf8') : '');
const specifiers = new Set(
  [...mainBundle.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["']([^"'./][^"']*)["']/g)].map((m) => m[1]),
);
for (const specifier of specifiers) {
  if (specifier === 'electron' || specifier.startsWith('node:')) continue;
  const name = specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : specifier.split('/')[0];
  if (createRequire(import.meta.url)('node:module').builtinModules.includes(name)) continue;
  check(listing.has(`/node_modules/${name}/package.json`), `main or CLI imports ${specifier}: packed`);
}

// ------------------------------------------------------------------------------------------------------------
// 4. electron-builder itself, with a stand-in Electron (Linux only: the layout checked is linux-unpacked)
//
// electronDist points at a folder whose `electron` is a sh script carrying the fuse sentinel and a fuse wire of
// 8 enabled fuses in a comment: electron-builder copies it as the app binary, flips the fuses in it as in a real
// one, adds the asar and extraResources. Run, the stand-in prints the arguments it was given.

if (process.platform === 'linux') {
  const fakeDist = path.join(work, 'fake-electron');
  const output = path.join(work, 'builder');
  await mkdir(fakeDist, { recursive: true });
  const { SENTINEL } = createRequire(import.meta.url)('@electron/fuses/dist/constants.js');
  await writeFile(
    path.join(fakeDist, 'electron'),
    `#!/bin/sh\n# ${SENTINEL}\x01\x0811111111\nfor a in "$@"; do printf '%s\\n' "$a"; done\n`,
    { mode: 0o755 },
  );
  await writeFile(
    path.join(fakeDist, 'version'),
    JSON.parse(await readFile(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version,
  );
  await writeFile(path.join(fakeDist, 'chrome-sandbox'), '');
  let built = true;
  try {
    execFileSync(
      'npx',
      [
        'electron-builder',
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        '--publish',
        'never',
        `-c.electronDist=${fakeDist}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, stdio: 'pipe', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
  } catch (error) {
    built = false;
    console.log(String(error.stderr ?? error.message).slice(-2000));
  }
  check(built, 'electron-builder --linux dir packs the app around a stand-in Electron');
  const unpacked = path.join(output, 'linux-unpacked');
  const binary = path.join(unpacked, 'headshot');
  const launcher = path.join(unpacked, 'resources/bin/headshot');
  if (built && existsSync(launcher)) {
    const argsSeen = execFileSync(launcher, ['scan', 'My Photos', '--json'], { encoding: 'utf8' }).split(
      '\n',
    );
    check(
      JSON.stringify(argsSeen.filter(Boolean)) ===
        JSON.stringify([
          '--ozone-platform=headless',
          '--disable-gpu',
          '--cli',
          'scan',
          'My Photos',
          '--json',
        ]),
      `packaged resources/bin/headshot starts the app in CLI mode (${argsSeen.filter(Boolean).join(' ')})`,
    );
  } else {
    check(false, 'packaged resources/bin/headshot exists');
  }
  if (built) {
    const bytes = await readFile(binary);
    const at = bytes.indexOf(SENTINEL) + SENTINEL.length;
    // Wire order (@electron/fuses FuseV1Options): RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect,
    // AsarIntegrity, OnlyLoadAppFromAsar, BrowserV8Snapshot, GrantFileProtocol; '0' off, '1' on.
    const wire = bytes.subarray(at + 2, at + 10).toString('latin1');
    check(wire === '01001100', `fuses flipped in the packaged binary: RunAsNode off (wire ${wire})`);
    const updateConfig = await readFile(path.join(unpacked, 'resources/app-update.yml'), 'utf8').catch(
      () => '',
    );
    check(
      updateConfig.includes('provider: generic') && updateConfig.includes(`url: ${config.publish?.url}`),
      'resources/app-update.yml names the feed from publish',
    );
    const packed = asar.listPackage(path.join(unpacked, 'resources/app.asar'), { isPack: false });
    check(
      packed.map((p) => p.split(path.sep).join('/')).includes('/out/cli/index.js'),
      'packaged asar has out/cli/index.js',
    );
  }
} else {
  console.log('package:verify: electron-builder with a stand-in Electron runs on Linux only; skipped');
}

// ------------------------------------------------------------------------------------------------------------

for (const line of passes) console.log(`  ok    ${line}`);
for (const line of failures) console.log(`  FAIL  ${line}`);
console.log(
  `package:verify: ${passes.length} passed, ${failures.length} failed (archive: ${path.relative(root, archive)}, ${listing.size} entries)`,
);
process.exitCode = failures.length ? 1 : 0;
