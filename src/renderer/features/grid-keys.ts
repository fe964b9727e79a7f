/**
 * The keyboard of a virtualised grid that is one Tab stop (Review's table, People's table): arrows, Home/End and
 * Page Up/Down move the current row; Space toggles its selection; Ctrl+A / ⌘A selects every row shown; Enter
 * opens it where the grid has an `open`. Pure apart from the handlers it is given.
 */
import type { KeyboardEvent } from 'react';

export interface GridKeys {
  /** The current row and how many rows there are. */
  index: number;
  count: number;
  /** Rows that fit in the grid's height (a page). */
  pageRows: number;
  moveTo: (index: number) => void;
  toggle: (index: number) => void;
  selectAll: () => void;
  open?: (index: number) => void;
}

/** Handles the key when it is one of the grid's (and returns true); focus inside a row's controls is left alone. */
export function onGridKey(e: KeyboardEvent<HTMLElement>, g: GridKeys): boolean {
  if (e.target !== e.currentTarget) return false;
  const page = Math.max(1, g.pageRows - 1);
  const moves: Record<string, number> = {
    ArrowDown: g.index + 1,
    ArrowUp: g.index - 1,
    Home: 0,
    End: g.count - 1,
    PageDown: g.index + page,
    PageUp: g.index - page,
  };
  const has = g.index < g.count;
  if (e.key in moves) g.moveTo(Math.max(0, Math.min(g.count - 1, moves[e.key] as number)));
  else if (e.key === ' ' && has) g.toggle(g.index);
  else if (e.key === 'Enter' && has && g.open) g.open(g.index);
  else if (e.key === 'a' && (e.ctrlKey || e.metaKey)) g.selectAll();
  else return false;
  e.preventDefault();
  return true;
}
