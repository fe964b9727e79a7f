/** Sign-in state: who is signed in (never a token), the demo tenant, device-code prompts, and errors for people. */
import { create } from 'zustand';
import type { DemoInfo, DeviceCodeEvent, SessionInfo, SignInInput } from '../../shared/session';
import { SIGNED_OUT } from '../../shared/session';
import { requireApi, unwrap } from '../api';
import { errorMessage } from './attempt';

export interface SessionState {
  info: SessionInfo;
  busy: 'demo' | 'signin' | 'signout' | null;
  error: string | null;
  deviceCode: DeviceCodeEvent | null;
  /** The demo's sample folder and mapping CSV, offered on the Import screen. */
  demo: Pick<DemoInfo, 'folder' | 'mappingCsv' | 'userCount'> | null;
  /** What the pre-flight found (missing consent, permission or role), with the fix; null until checked. */
  preflight: { ok: boolean; problems: { severity: 'error' | 'warning'; message: string }[] } | null;
  checkPreflight: () => Promise<void>;
  refresh: () => Promise<void>;
  startDemo: () => Promise<boolean>;
  signIn: (input: SignInInput) => Promise<boolean>;
  signOut: () => Promise<void>;
  clearError: () => void;
}

export const createSessionStore = () =>
  create<SessionState>()((set, get) => ({
    info: SIGNED_OUT,
    busy: null,
    error: null,
    deviceCode: null,
    demo: null,
    preflight: null,
    checkPreflight: async () => {
      try {
        set({ preflight: await unwrap(requireApi().session.preflight()) });
      } catch (e) {
        set({ preflight: { ok: false, problems: [{ severity: 'error', message: errorMessage(e) }] } });
      }
    },
    refresh: async () => {
      try {
        set({ info: await unwrap(requireApi().session.info()) });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    startDemo: async () => {
      if (get().busy) return false;
      set({ busy: 'demo', error: null });
      try {
        const demo = await unwrap(requireApi().session.startDemo());
        set({
          info: demo.session,
          demo: { folder: demo.folder, mappingCsv: demo.mappingCsv, userCount: demo.userCount },
          preflight: null,
        });
        void get().checkPreflight();
        return true;
      } catch (e) {
        set({ error: errorMessage(e) });
        return false;
      } finally {
        set({ busy: null });
      }
    },
    signIn: async (input) => {
      if (get().busy) return false;
      const api = requireApi();
      set({ busy: 'signin', error: null, deviceCode: null });
      const off = api.on('session:deviceCode', (deviceCode) => set({ deviceCode }));
      try {
        set({ info: await unwrap(api.session.signIn(input)), demo: null, preflight: null });
        void get().checkPreflight();
        return true;
      } catch (e) {
        set({ error: errorMessage(e) });
        return false;
      } finally {
        off();
        set({ busy: null, deviceCode: null });
      }
    },
    signOut: async () => {
      set({ busy: 'signout', error: null });
      try {
        set({ info: await unwrap(requireApi().session.signOut()), demo: null, preflight: null });
      } catch (e) {
        set({ error: errorMessage(e) });
      } finally {
        set({ busy: null });
      }
    },
    clearError: () => set({ error: null }),
  }));

export const useSessionStore = createSessionStore();
