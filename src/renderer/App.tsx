import {
  FluentProvider,
  NavDrawer,
  NavDrawerBody,
  NavDrawerHeader,
  NavItem,
  Title3,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  Archive20Regular,
  ArrowExit20Regular,
  Camera20Regular,
  ArrowUpload20Regular,
  DocumentText20Regular,
  FolderOpen20Regular,
  History20Regular,
  ImageMultiple20Regular,
  PeopleList20Regular,
  Person20Regular,
  PersonSquare24Filled,
  Settings20Regular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { PREPARE_SCREENS, SCREENS, type PrepareScreenId, type ScreenId } from './screens';
import { DesktopFlow, DesktopBanners, desktopScreen } from './features/desktop-flow';
import { ExportScreen } from './features/prepare/ExportScreen';
import { PrepareScreen } from './features/prepare/PrepareScreen';
import { usePrepareStore } from './stores/prepare-store';
import { useShell } from './store';
import { useSystemTheme } from './theme';

const icons: Record<ScreenId, ReactElement> = {
  signin: <Person20Regular />,
  people: <PeopleList20Regular />,
  import: <FolderOpen20Regular />,
  review: <ImageMultiple20Regular />,
  upload: <ArrowUpload20Regular />,
  report: <DocumentText20Regular />,
  history: <History20Regular />,
  settings: <Settings20Regular />,
};

const useStyles = makeStyles({
  shell: { display: 'flex', height: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  brand: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorBrandForeground1,
  },
  // Narrow windows (down to 1024 x 700) keep more room for the screen: a slimmer navigation and less padding.
  nav: {
    '@media (max-width: 1279.98px)': { '--fui-Drawer--size': '200px', width: '200px' },
  },
  main: {
    flex: 1,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    '@media (max-width: 1279.98px), (max-height: 800px)': {
      padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    },
    // The banners above a screen keep their height; a screen that fills the rest (Review) takes what is left.
    '& > :not(section)': { flexShrink: 0 },
  },
});

const prepareIcons: Record<PrepareScreenId, ReactElement> = {
  prepare: <Camera20Regular />,
  review: icons.review,
  export: <Archive20Regular />,
  settings: icons.settings,
};

function Screen({ id }: { id: ScreenId }) {
  return desktopScreen((SCREENS.find((s) => s.id === id) ?? SCREENS[0]).id);
}

/** Prepare mode: its own two screens; Review and Settings are the app's. */
function PrepareModeScreen({ id }: { id: PrepareScreenId }) {
  if (id === 'prepare') return <PrepareScreen />;
  if (id === 'export') return <ExportScreen />;
  return desktopScreen(id);
}

export function App() {
  const { theme, dark } = useSystemTheme();
  const styles = useStyles();
  const screen = useShell((s) => s.screen);
  const setScreen = useShell((s) => s.setScreen);
  const preparing = usePrepareStore((s) => s.active);
  const prepareScreen = usePrepareStore((s) => s.screen);
  const setPrepareScreen = usePrepareStore((s) => s.setScreen);
  const leavePrepare = usePrepareStore((s) => s.leave);

  return (
    <FluentProvider theme={theme} data-theme={dark ? 'dark' : 'light'}>
      <div className={styles.shell}>
        <NavDrawer
          open
          type="inline"
          selectedValue={preparing ? prepareScreen : screen}
          onNavItemSelect={(_event, data) => {
            if (data.value === 'leave-prepare') {
              leavePrepare();
              setScreen('signin');
            } else if (preparing) setPrepareScreen(data.value as PrepareScreenId);
            else setScreen(data.value as ScreenId);
          }}
          aria-label="Headshot"
          className={styles.nav}
        >
          <NavDrawerHeader>
            <div className={styles.brand}>
              <PersonSquare24Filled />
              <Title3 as="h1">Headshot</Title3>
            </div>
          </NavDrawerHeader>
          <NavDrawerBody>
            {preparing ? (
              <>
                {PREPARE_SCREENS.map((s) => (
                  <NavItem key={s.id} value={s.id} icon={prepareIcons[s.id]}>
                    {s.label}
                  </NavItem>
                ))}
                <NavItem value="leave-prepare" icon={<ArrowExit20Regular />}>
                  Leave Prepare mode
                </NavItem>
              </>
            ) : (
              SCREENS.map((s) => (
                <NavItem key={s.id} value={s.id} icon={icons[s.id]}>
                  {s.label}
                </NavItem>
              ))
            )}
          </NavDrawerBody>
        </NavDrawer>
        <main className={styles.main} aria-labelledby="screen-title">
          <DesktopFlow />
          {preparing ? (
            <PrepareModeScreen id={prepareScreen} />
          ) : (
            <>
              <DesktopBanners />
              <Screen id={screen} />
            </>
          )}
        </main>
      </div>
    </FluentProvider>
  );
}
