import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fitBounds, loadWindowState, saveWindowState } from './window-state';

const screen = { x: 0, y: 0, width: 1920, height: 1080 };

describe('window state', () => {
  it('keeps bounds on a display that exists and drops bounds on one that is gone', () => {
    expect(fitBounds({ x: 100, y: 100, width: 1200, height: 800 }, [screen])).toEqual({
      x: 100,
      y: 100,
      width: 1200,
      height: 800,
    });
    expect(fitBounds({ x: 3000, y: 100, width: 1200, height: 800 }, [screen])).toBeUndefined();
    expect(fitBounds({ x: 0, y: 0, width: 4000, height: 800 }, [screen])).toBeUndefined();
    expect(fitBounds({ x: 0, y: 0, width: 1900, height: 2000 }, [{ ...screen, height: 2000 }])?.height).toBe(
      2000,
    );
  });

  it('round-trips the state file and ignores a broken one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'headshot-window-'));
    const file = path.join(dir, 'window-state.json');
    await expect(loadWindowState(file)).resolves.toBeNull();
    const state = { bounds: { x: 1, y: 2, width: 1000, height: 700 }, maximized: true };
    await saveWindowState(file, state);
    await expect(loadWindowState(file)).resolves.toEqual(state);
    await writeFile(file, '{"bounds":{"x":"1"}}');
    await expect(loadWindowState(file)).resolves.toBeNull();
    await writeFile(file, 'not json');
    await expect(loadWindowState(file)).resolves.toBeNull();
    await rm(dir, { recursive: true, force: true });
  });
});
