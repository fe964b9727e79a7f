/** Types of scripts/lint-workflows.mjs, for its test. */
export function lintWorkflowText(text: string, file: string): Promise<string[]>;
export function lintWorkflows(dir: string): Promise<string[]>;
