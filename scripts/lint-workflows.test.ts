import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { lintWorkflows, lintWorkflowText } from './lint-workflows.mjs';

const run = promisify(execFile);
const script = path.join(import.meta.dirname, 'lint-workflows.mjs');
const ciYml = path.join(import.meta.dirname, '..', '.github', 'workflows', 'ci.yml');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-workflows-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The repository's workflow with one edit, so each case breaks exactly one thing. */
async function brokenCopy(from: string, to: string): Promise<string> {
  const text = await readFile(ciYml, 'utf8');
  expect(text).toContain(from);
  return text.replace(from, to);
}

describe('lint-workflows', () => {
  it('passes the repository workflow', async () => {
    expect(await lintWorkflows(path.dirname(ciYml))).toEqual([]);
  });

  it('fails a misspelt job key (both linters)', async () => {
    const problems = await lintWorkflowText(
      await brokenCopy('timeout-minutes: 60', 'timeout-minute: 60'),
      'ci.yml',
    );
    expect(
      problems.some((p) => /ci\.yml:\d+:\d+: unexpected key "timeout-minute".*\[actionlint/.test(p)),
    ).toBe(true);
    expect(problems.some((p) => /timeout-minute.*\[action-validator\]/.test(p))).toBe(true);
  });

  it('fails a secret in a step condition, which GitHub does not allow (actionlint)', async () => {
    const problems = await lintWorkflowText(
      await brokenCopy("if: runner.os == 'Linux'", "if: secrets.APPLE_ID != ''"),
      'ci.yml',
    );
    expect(problems.join('\n')).toMatch(/context "secrets" is not allowed here/);
  });

  it('fails a job without runs-on, and an unclosed expression', async () => {
    const text = (await brokenCopy('    runs-on: ${{ matrix.os }}\n', '')).replace(
      'name: installers-${{ runner.os }}',
      'name: installers-${{ runner.os }',
    );
    const problems = await lintWorkflowText(text, 'ci.yml');
    expect(problems.join('\n')).toMatch(/"runs-on" section is missing/);
    expect(problems.join('\n')).toMatch(/expecting '}'/);
  });

  it('fails a folder without workflows rather than passing on nothing', async () => {
    expect(await lintWorkflows(dir)).toEqual([`${dir}: no workflow files (*.yml, *.yaml)`]);
    expect((await lintWorkflows(path.join(dir, 'missing')))[0]).toMatch(
      /cannot read the workflows folder \(ENOENT\)/,
    );
  });

  it('exits 1 and names the file when run on a broken copy', async () => {
    await writeFile(path.join(dir, 'ci.yml'), await brokenCopy('runs-on:', 'runs-onn:'));
    const failure = await run(process.execPath, [script, dir]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(path.join(dir, 'ci.yml'));
    const ok = await run(process.execPath, [script]);
    expect(ok.stdout).toMatch(/passes actionlint and action-validator/);
  });
});
