// The layers of src, named for where they run, and what each may import; and no import cycle anywhere in src.
// Part of `npm run lint`. ESLint's no-restricted-imports gives the same rules in the editor; this check is exact
// (it resolves every relative import to its file) and also finds cycles. Tests (*.test.*) are not checked.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layer by path prefix (first match wins), with the layers it may import and the packages it may use. */
export const LAYERS = [
  { name: 'shared', dir: 'src/shared/', may: ['shared'], packages: ['zod'] },
  { name: 'core', dir: 'src/main/core/', may: ['shared', 'core'] },
  { name: 'use-cases', dir: 'src/main/use-cases/', may: ['shared', 'core', 'use-cases'] },
  { name: 'ipc', dir: 'src/main/ipc/', may: ['shared', 'core', 'use-cases', 'ipc'] },
  { name: 'electron', dir: 'src/main/app/', may: ['shared', 'core', 'use-cases', 'ipc', 'electron'] },
  { name: 'cli', dir: 'src/cli/', may: ['shared', 'core', 'use-cases', 'cli'] },
  { name: 'renderer', dir: 'src/renderer/', may: ['shared', 'renderer'], noNode: true },
  { name: 'preload', dir: 'src/preload/', may: ['shared', 'preload'], noNode: true },
  { name: 'emulator', dir: 'src/emulator/', may: ['shared', 'emulator'] },
];

/** The only files that may reach the demo tenant from product code: the demo use case and its CLI command. */
export const EMULATOR_GATES = ['src/main/use-cases/demo-tenant.ts', 'src/cli/commands/emulator.ts'];

// `from 'x'`, `import 'x'`, `import('x')`, `require('x')`. A bare `import` needs a space before its quote, and a
// specifier holds no space, comma, plus or parenthesis: so prose in a string ("the package import", 'comes from')
// followed by another string is not read as an import.
const SPEC = /(?:\bfrom\s*|\bimport\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)['"]([^'"\s,+()]+)['"]/g;
const EXTS = ['.ts', '.tsx', '.mts', '.js', '.mjs'];

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full));
    else if (EXTS.includes(path.extname(name)) && !/\.test\.[mc]?[jt]sx?$/.test(name)) out.push(full);
  }
  return out;
}

function resolve(fromFile, spec, root) {
  const base = path.resolve(path.dirname(fromFile), spec);
  const candidates = [base, ...EXTS.map((e) => base + e), ...EXTS.map((e) => path.join(base, `index${e}`))];
  for (const c of candidates) {
    try {
      if (statSync(c).isFile()) return path.relative(root, c).split(path.sep).join('/');
    } catch {
      // not this one
    }
  }
  return null;
}

const layerOf = (file) => LAYERS.find((l) => file.startsWith(l.dir)) ?? null;

/** Returns the problems found in `root` (a repository with a src folder), as sentences. */
export function checkLayers(root) {
  const problems = [];
  const graph = new Map();
  for (const abs of listFiles(path.join(root, 'src'))) {
    const file = path.relative(root, abs).split(path.sep).join('/');
    const layer = layerOf(file);
    const text = readFileSync(abs, 'utf8');
    const edges = [];
    for (const [, spec] of text.matchAll(SPEC)) {
      if (spec.startsWith('.')) {
        const target = resolve(abs, spec, root);
        if (!target) continue;
        edges.push(target);
        const to = layerOf(target);
        if (!layer || !to) continue;
        if (to.name === 'emulator' && layer.name !== 'emulator' && !EMULATOR_GATES.includes(file)) {
          problems.push(
            `${file}: imports the demo tenant (${target}); only ${EMULATOR_GATES.join(' and ')} may`,
          );
        } else if (to.name !== 'emulator' && !layer.may.includes(to.name)) {
          problems.push(`${file}: ${layer.name} may not import ${to.name} (${target})`);
        }
      } else if (layer) {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (layer.packages && !layer.packages.includes(pkg) && !spec.startsWith('node:')) {
          problems.push(`${file}: ${layer.name} may use only ${layer.packages.join(', ')}, not ${spec}`);
        }
        if ((layer.noNode || layer.packages) && spec.startsWith('node:')) {
          problems.push(`${file}: ${layer.name} runs without Node, so it may not import ${spec}`);
        }
      }
    }
    graph.set(file, edges);
  }
  for (const cycle of findCycles(graph)) problems.push(`import cycle: ${cycle.join(' -> ')}`);
  return problems;
}

/** Tarjan's strongly connected components; each component of more than one file (or a self-import) is a cycle. */
export function findCycles(graph) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const cycles = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) {
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
      }
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) visit(v);
  return cycles;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const problems = checkLayers(root);
  if (problems.length > 0) {
    console.error(`layers: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('layers: every import keeps to its layer, and src has no import cycle.');
}
