/**
 * The desktop flow's hooks into the shell: which screens it provides, the banners shown above every screen
 * (demo tenant, interrupted run), and the app-wide subscriptions (run events, session, settings).
 */
import { makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, type ReactElement } from 'react';
import { getApi } from '../api';
import type { ScreenId } from '../screens';
import { useRunStore } from '../stores/run-store';
import { useSessionStore } from '../stores/session-store';
import { useSettingsStore } from '../stores/settings-store';
import { HistoryScreen, ResumeOffer } from './history/HistoryScreen';
import { ImportScreen } from './import/ImportScreen';
import { PeopleScreen } from './inventory/PeopleScreen';
import { ReportScreen } from './report/ReportScreen';
import { ReviewScreen } from './review/ReviewScreen';
import { DemoBanner, SignInScreen } from './signin/SignInScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import { UploadScreen } from './upload/UploadScreen';

export function desktopScreen(id: ScreenId): ReactElement {
  switch (id) {
    case 'signin':
      return <SignInScreen />;
    case 'people':
      return <PeopleScreen />;
    case 'import':
      return <ImportScreen />;
    case 'review':
      return <ReviewScreen />;
    case 'upload':
      return <UploadScreen />;
    case 'report':
      return <ReportScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** App-wide wiring; renders nothing. */
export function DesktopFlow() {
  const listen = useRunStore((s) => s.listen);
  const loadHistory = useRunStore((s) => s.loadHistory);
  const refresh = useSessionStore((s) => s.refresh);
  const signedIn = useSessionStore((s) => s.info.signedIn);
  const loadSettings = useSettingsStore((s) => s.load);
  useEffect(() => {
    if (!getApi()) return;
    const off = listen();
    void refresh();
    void loadSettings();
    return off;
  }, [listen, refresh, loadSettings]);
  // Offer to resume an interrupted run once there is a session to run it with.
  useEffect(() => {
    if (signedIn && getApi()) void loadHistory();
  }, [signedIn, loadHistory]);
  return null;
}

const useStyles = makeStyles({
  banners: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginBottom: tokens.spacingVerticalM,
  },
});

export function DesktopBanners() {
  const styles = useStyles();
  return (
    <div className={styles.banners}>
      <DemoBanner />
      <ResumeOffer />
    </div>
  );
}
