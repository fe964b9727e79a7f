/**
 * Remembers the main window's size and position between runs (userData/window-state.json). Pure parts here,
 * so they are tested without Electron; main.ts does the wiring.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';

const rectSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
});
export const windowStateSchema = z.object({ bounds: rectSchema, maximized: z.boolean() });
export type WindowState = z.infer<typeof windowStateSchema>;
export type Rect = z.infer<typeof rectSchema>;

/** Saved bounds are reused only if the window's centre is on a display that still exists. */
export function fitBounds(saved: Rect, workAreas: readonly Rect[]): Rect | undefined {
  const cx = saved.x + saved.width / 2;
  const cy = saved.y + saved.height / 2;
  const area = workAreas.find((a) => cx >= a.x && cx < a.x + a.width && cy >= a.y && cy < a.y + a.height);
  if (!area) return undefined;
  return { ...saved, width: Math.min(saved.width, area.width), height: Math.min(saved.height, area.height) };
}

export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = windowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFile(file, JSON.stringify(state, null, 2) + '\n');
}
