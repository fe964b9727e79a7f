/**
 * Imported first by the face worker: its console goes nowhere. tfjs and Emscripten may print hints, which must not
 * reach the CLI's output (`--json` included); what matters travels as messages. Not piping the worker's stdout
 * instead matters too: a piped stdout would keep the process alive after the last detection.
 */
const silent = (): void => undefined;
for (const method of ['log', 'info', 'warn', 'debug', 'error'] as const) console[method] = silent;
