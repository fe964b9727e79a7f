/** The reviewed pairs waiting on the Upload screen (set by Review's Upload button). */
import { create } from 'zustand';
import type { ReviewedPair } from '../../shared/review';

export interface PendingRunState {
  pairs: ReviewedPair[];
  setPairs: (pairs: ReviewedPair[]) => void;
}

export const usePendingRun = create<PendingRunState>()((set) => ({
  pairs: [],
  setPairs: (pairs) => set({ pairs }),
}));
