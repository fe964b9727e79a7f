/** What a CLI command needs from the outside world, injected so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Aborted on Ctrl-C (long-running commands such as `emulator` and `upload` stop cleanly). */
  signal: AbortSignal;
}

/** A usage or input error: the command prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliCommand {
  /** One line for `headshot --help`. */
  summary: string;
  usage: string;
  run: (args: string[], io: CliIo) => Promise<number>;
}

/** With --json, stdout is exactly one JSON document. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout(JSON.stringify(value, null, 2) + '\n');
}
