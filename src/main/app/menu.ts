import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isMac: boolean;
  /** Developer tools and reload are in the menu only when not packaged. */
  isDev: boolean;
  productName: string;
  openHelp: (url: string) => void;
  /** Help › Check for Updates… (src/main/app/updates.ts); absent, the item is not shown. */
  checkForUpdates?: () => void;
}

export function menuTemplate({
  isMac,
  isDev,
  productName,
  openHelp,
  checkForUpdates,
}: MenuOptions): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (isDev) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });
  return [
    ...(isMac ? [{ label: productName, role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Profile photos in Microsoft Graph',
          click: () => openHelp('https://learn.microsoft.com/en-us/graph/api/profilephoto-update'),
        },
        {
          label: 'Microsoft Entra admin center',
          click: () => openHelp('https://entra.microsoft.com/'),
        },
        ...(checkForUpdates
          ? [{ type: 'separator' as const }, { label: 'Check for Updates…', click: () => checkForUpdates() }]
          : []),
      ],
    },
  ];
}

export function installMenu(options: MenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(options)));
}
