import {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  eventChannels,
  invokeChannels,
  localImageUrl,
  splitChannel,
} from './ipc';

describe('IPC contract', () => {
  it('gives every channel name a schema, and no schema lacks a name', () => {
    expect(Object.keys(invokeChannels).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(eventChannels).sort()).toEqual([...EVENT_CHANNELS].sort());
  });

  it('names channels area:action, with areas that cannot shadow the bridge helpers', () => {
    for (const channel of [...INVOKE_CHANNELS, ...EVENT_CHANNELS]) {
      expect(channel).toMatch(/^[a-z]+:[a-z][a-zA-Z]*$/);
      expect(['on', 'getPathForFile']).not.toContain(splitChannel(channel)[0]);
    }
  });

  it('makes every job channel take a uuid jobId and reject unknown keys', () => {
    const countdown = invokeChannels['demo:countdown'].input;
    expect(countdown.safeParse({ jobId: crypto.randomUUID(), steps: 2, intervalMs: 1 }).success).toBe(true);
    expect(countdown.safeParse({ jobId: 'job-1', steps: 2, intervalMs: 1 }).success).toBe(false);
    expect(countdown.safeParse({ jobId: crypto.randomUUID(), steps: 2, intervalMs: 1, x: 1 }).success).toBe(
      false,
    );
  });

  it('builds image URLs that keep any path intact', () => {
    const path = 'C:\\Users\\Ada Lovelace\\photos\\#1 ?.jpg';
    expect(new URL(localImageUrl(path)).searchParams.get('path')).toBe(path);
  });
});
