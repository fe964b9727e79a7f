/**
 * Runs the demo tenant in a child process at low CPU priority, for benches: Microsoft's servers do not run on the
 * admin's laptop, so the emulator's own CPU (TLS server side, JSON, rendering photo sizes with sharp) should not
 * be billed to Headshot. The parent drives it over IPC (a few Emulator methods).
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from '../../src/emulator/types';

type Call = { id: number; method: string; args: unknown[] };
type Reply = { id: number; result?: unknown; error?: string };

export interface RemoteEmulator {
  authority: string;
  graphBaseUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caCertPem: string;
  call<T>(method: string, ...args: unknown[]): Promise<T>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorOptions): Promise<RemoteEmulator> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child'], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    os.setPriority(child.pid!, 19);
  } catch {
    // not permitted: the figure is then conservative
  }
  let next = 1;
  const waiting = new Map<number, (r: Reply) => void>();
  child.on('message', (m: Reply) => waiting.get(m.id)?.(m));
  const call = <T>(method: string, ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      waiting.set(id, (r) => {
        waiting.delete(id);
        if (r.error) reject(new Error(r.error));
        else resolve(r.result as T);
      });
      child.send({ id, method, args } satisfies Call);
    });
  const info = await call<Omit<RemoteEmulator, 'call' | 'stop'>>('start', options);
  return {
    ...info,
    call,
    stop: async () => {
      await call('stop');
      child.disconnect();
    },
  };
}

if (process.argv.includes('--child')) {
  const { startEmulator } = await import('../../src/emulator/index');
  let emu: Awaited<ReturnType<typeof startEmulator>> | null = null;
  process.on('message', (m: Call) => {
    void (async () => {
      try {
        let result: unknown;
        if (m.method === 'start') {
          emu = await startEmulator(m.args[0] as EmulatorOptions);
          const { authority, graphBaseUrl, tenantId, clientId, clientSecret, caCertPem } = emu;
          result = { authority, graphBaseUrl, tenantId, clientId, clientSecret, caCertPem };
        } else if (m.method === 'stop') {
          await emu?.stop();
          result = null;
        } else {
          const fn = (emu as unknown as Record<string, (...a: unknown[]) => unknown>)[m.method]!;
          result = await fn(...m.args);
          if (m.method === 'users')
            result = (result as { id: string; userPrincipalName: string; userType?: string }[]).map((u) => ({
              id: u.id,
              userPrincipalName: u.userPrincipalName,
              userType: u.userType,
            }));
          if (m.method === 'requests') result = [];
        }
        process.send!({ id: m.id, result });
      } catch (error) {
        process.send!({ id: m.id, error: (error as Error).message });
      }
    })();
  });
}
