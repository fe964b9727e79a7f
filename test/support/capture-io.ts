/** Test helper: a CliIo that captures stdout and stderr, for running commands in-process with runCli. */
import type { CliIo } from '../../src/cli/io';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
  controller: AbortController;
}

export function captureIo(options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CapturedIo {
  const controller = new AbortController();
  let out = '';
  let err = '';
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: controller.signal,
    controller,
    out: () => out,
    err: () => err,
  };
}
