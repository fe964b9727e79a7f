import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { checkLayers } from './check-layers.mjs';

let root: string;
const write = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
};
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'headshot-layers-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('check-layers', () => {
  it('accepts imports that keep to their layer', async () => {
    await write('src/shared/a.ts', "import { z } from 'zod';\n");
    await write('src/main/core/runs/b.ts', "import '../../../shared/a';\nimport fs from 'node:fs';\n");
    await write('src/main/use-cases/demo-tenant.ts', "import '../../emulator/index';\n");
    await write('src/emulator/index.ts', "import '../shared/a';\n");
    await write('src/main/core/runs/b.test.ts', "import '../../../emulator/index';\n");
    expect(checkLayers(root)).toEqual([]);
  });

  it('reads import-like prose in strings as prose, and still finds the real imports beside it', async () => {
    await write(
      'src/shared/a.ts',
      [
        "export const a = ['after the package import', '../main/core/b'];",
        "export const b = 'it came from' + '../main/core/b';",
        "export const c = `import` + '../main/core/b';",
        '',
      ].join('\n'),
    );
    await write('src/main/core/b.ts', 'export {};\n');
    expect(checkLayers(root)).toEqual([]);
    await write('src/shared/d.ts', "import('../main/core/b');\nexport { x } from\n  '../main/core/b';\n");
    expect(checkLayers(root)).toEqual([
      'src/shared/d.ts: shared may not import core (src/main/core/b.ts)',
      'src/shared/d.ts: shared may not import core (src/main/core/b.ts)',
    ]);
  });

  it('names each layer violation, a product file reaching the demo tenant, Node in shared, and cycles', async () => {
    await write('src/shared/a.ts', "import '../main/core/b';\nimport fs from 'node:fs';\n");
    await write('src/main/core/b.ts', "import '../use-cases/c';\n");
    await write('src/main/use-cases/c.ts', "import '../../emulator/index';\nimport '../core/b';\n");
    await write('src/emulator/index.ts', 'export {};\n');
    const problems = checkLayers(root);
    expect(problems).toContain('src/shared/a.ts: shared may not import core (src/main/core/b.ts)');
    expect(problems).toContain('src/shared/a.ts: shared runs without Node, so it may not import node:fs');
    expect(problems).toContain('src/main/core/b.ts: core may not import use-cases (src/main/use-cases/c.ts)');
    expect(problems.some((p) => p.startsWith('src/main/use-cases/c.ts: imports the demo tenant'))).toBe(true);
    expect(problems).toContain('import cycle: src/main/core/b.ts -> src/main/use-cases/c.ts');
  });
});
