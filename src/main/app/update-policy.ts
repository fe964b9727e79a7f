/**
 * Whether this installation may check for updates: managed deployments turn it off with an environment variable
 * or a machine-wide policy file (a JSON file an administrator writes; simpler to deploy from Intune, Jamf or
 * Ansible than a registry key, and the same on every OS). Pure: the caller reads the file.
 */
import path from 'node:path';
import { z } from 'zod';

export const DISABLE_UPDATES_ENV = 'HEADSHOT_DISABLE_UPDATES';

/** The machine-wide policy file. Unknown keys are ignored so newer policies do not break older apps. */
export const updatePolicyFileSchema = z.object({ disableUpdates: z.boolean().optional() });
export type UpdatePolicyFile = z.infer<typeof updatePolicyFileSchema>;

export type UpdatePolicy =
  | { enabled: true }
  | { enabled: false; reason: 'environment' | 'policy-file' | 'not-packaged'; detail: string };

/** Where the policy file lives on each OS (only an administrator can write these folders). */
export function policyFilePath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData || 'C:\\ProgramData', 'Headshot', 'policy.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Headshot/policy.json';
  return '/etc/headshot/policy.json';
}

const truthy = (value: string | undefined) =>
  value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.trim().toLowerCase());

/**
 * The policy, strictest first. `policyText` is the policy file's content, or null when there is none. A policy
 * file that cannot be read as the schema turns updates off: an administrator wrote it to control them, and
 * guessing the wrong way would update a machine they meant to freeze.
 */
export function updatePolicy(input: {
  env: NodeJS.ProcessEnv;
  policyFile: string;
  policyText: string | null;
  isPackaged: boolean;
}): UpdatePolicy {
  const { env, policyFile, policyText, isPackaged } = input;
  if (truthy(env[DISABLE_UPDATES_ENV])) {
    return { enabled: false, reason: 'environment', detail: `${DISABLE_UPDATES_ENV} is set` };
  }
  if (policyText !== null) {
    let parsed: ReturnType<typeof updatePolicyFileSchema.safeParse>;
    try {
      parsed = updatePolicyFileSchema.safeParse(JSON.parse(policyText));
    } catch {
      return { enabled: false, reason: 'policy-file', detail: `${policyFile} is not valid JSON` };
    }
    if (!parsed.success) {
      return {
        enabled: false,
        reason: 'policy-file',
        detail: `${policyFile}: ${parsed.error.issues[0]?.message ?? 'not a policy'}`,
      };
    }
    if (parsed.data.disableUpdates === true) {
      return { enabled: false, reason: 'policy-file', detail: `${policyFile} sets disableUpdates` };
    }
  }
  if (!isPackaged) {
    return { enabled: false, reason: 'not-packaged', detail: 'not an installed app (npm start)' };
  }
  return { enabled: true };
}

/** The result of a check, as the dialog says it. */
export type UpdateCheckResult =
  | { kind: 'available'; version: string }
  | { kind: 'latest'; version: string }
  | { kind: 'disabled'; policy: Extract<UpdatePolicy, { enabled: false }> }
  | { kind: 'failed'; message: string };

export function updateMessage(
  result: UpdateCheckResult,
  productName: string,
): { message: string; detail?: string } {
  switch (result.kind) {
    case 'available':
      return {
        message: `${productName} ${result.version} is available`,
        detail: 'Download it now? You choose when to restart and install.',
      };
    case 'latest':
      return { message: 'You have the latest version', detail: `${productName} ${result.version}` };
    case 'disabled':
      return result.policy.reason === 'not-packaged'
        ? { message: 'Updates are checked only in the installed app', detail: result.policy.detail }
        : { message: 'Updates are turned off by your organisation', detail: result.policy.detail };
    case 'failed':
      return { message: 'Could not check for updates', detail: result.message };
  }
}
