import { INVOKE_CHANNELS } from '../shared/ipc';
import { createHeadshotApi } from './create-api';

describe('createHeadshotApi', () => {
  const calls: [string, unknown][] = [];
  const api = createHeadshotApi(
    {
      invoke: (channel, input) => {
        calls.push([channel, input]);
        return Promise.resolve({ ok: true, value: channel });
      },
      subscribe: () => () => {},
    },
    () => '/dropped/file.jpg',
  );

  it('exposes one function per contract channel, named area.action', async () => {
    for (const channel of INVOKE_CHANNELS) {
      const [area, action] = channel.split(':') as [string, string];
      const fn = (api as unknown as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>)[
        area
      ]?.[action];
      expect(typeof fn, channel).toBe('function');
      await expect(fn?.({ probe: channel })).resolves.toEqual({ ok: true, value: channel });
    }
    expect(calls.map(([c]) => c)).toEqual([...INVOKE_CHANNELS]);
  });

  it('exposes nothing else: no raw invoke, no ipcRenderer', () => {
    const areas = new Set(INVOKE_CHANNELS.map((c) => c.split(':')[0]));
    expect(Object.keys(api).sort()).toEqual([...areas, 'on', 'getPathForFile'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('subscribes only to contract events', () => {
    expect(() => api.on('job:progress', () => {})).not.toThrow();
    expect(() => api.on('ipc:anything' as never, () => {})).toThrow(/Unknown event channel/);
    expect(api.getPathForFile({} as File)).toBe('/dropped/file.jpg');
  });
});
