/** What the stores share: an error as the sentence main sent, and one busy/error/notice frame around an action. */

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

interface AttemptState {
  busy: boolean;
  error: string | null;
  notice: string | null;
}

/**
 * Runs store actions one way: busy while it works, the previous error and notice cleared, a failure kept as the
 * store's error (never thrown to the screen). Resolves to whether the work succeeded.
 */
export function attemptWith(set: (partial: Partial<AttemptState>) => void) {
  return async (work: () => Promise<void>): Promise<boolean> => {
    set({ busy: true, error: null, notice: null });
    try {
      await work();
      return true;
    } catch (e) {
      set({ error: errorMessage(e) });
      return false;
    } finally {
      set({ busy: false });
    }
  };
}
