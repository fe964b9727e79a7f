export {};

vi.mock('electron', () => ({ Menu: {} }));
const { menuTemplate } = await import('./menu');

describe('menu', () => {
  const roles = (isDev: boolean) =>
    JSON.stringify(menuTemplate({ isMac: false, isDev, productName: 'Headshot', openHelp: () => {} }));

  it('offers developer tools only in development', () => {
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(false)).not.toContain('"reload"');
  });

  it('opens help links through the allowlisted opener', () => {
    const opened: string[] = [];
    const help = menuTemplate({
      isMac: true,
      isDev: false,
      productName: 'Headshot',
      openHelp: (u) => opened.push(u),
    }).find((item) => item.role === 'help');
    const items = help?.submenu as { click: () => void }[];
    items.forEach((item) => item.click());
    expect(opened.every((url) => url.startsWith('https://'))).toBe(true);
    expect(opened).toHaveLength(2);
  });

  it('offers Check for Updates… in Help when given the check, and runs it on click', () => {
    let checks = 0;
    const helpOf = (checkForUpdates?: () => void) =>
      (
        menuTemplate({
          isMac: false,
          isDev: false,
          productName: 'Headshot',
          openHelp: () => {},
          checkForUpdates,
        }).find((item) => item.role === 'help')?.submenu as { label?: string; click?: () => void }[]
      ).find((item) => item.label === 'Check for Updates…');
    helpOf(() => checks++)?.click?.();
    expect(checks).toBe(1);
    expect(helpOf(undefined)).toBeUndefined();
  });
});
