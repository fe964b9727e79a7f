/**
 * Imported first by the face worker: replaces fetch with a thrower before tfjs loads, so any attempt of tfjs (or a
 * later change) to download a model or a .wasm file fails loudly instead of reaching the network. The count is
 * reported to the launcher, and a test asserts it stays 0.
 */
let calls = 0;

export function fetchCalls(): number {
  return calls;
}

globalThis.fetch = (input) => {
  calls++;
  const what = typeof input === 'string' ? input : input instanceof URL ? input.href : 'a request';
  return Promise.reject(new Error(`The face worker never uses the network (it was asked to fetch ${what}).`));
};
