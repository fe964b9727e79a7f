import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  Field,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular, Open16Regular, Play20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc';
import { requireApi, unwrap } from '../../api';
import { useShell } from '../../store';
import { useJob } from '../../use-job';
import { LogsCard } from './LogsCard';
import { SettingsForm } from './SettingsForm';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  links: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'start' },
});

function AboutCard() {
  const styles = useStyles();
  const info = useShell((s) => s.appInfo);
  const error = useShell((s) => s.appInfoError);
  const load = useShell((s) => s.loadAppInfo);
  useEffect(() => {
    if (!info) void load();
  }, [info, load]);

  const facts = (i: AppInfo): [string, string][] => [
    ['Version', i.version],
    ['Runtime', i.runtime === 'electron' ? `Electron ${i.versions.electron ?? '?'}` : 'Browser test harness'],
    ['Chromium', i.versions.chrome ?? 'n/a'],
    ['Node.js', i.versions.node],
    ['Platform', `${i.platform} (${i.arch})`],
    ['Build', i.packaged ? 'Packaged' : 'Development'],
  ];

  return (
    <Card aria-labelledby="about-title">
      <CardHeader
        header={
          <Text weight="semibold" id="about-title">
            About Headshot
          </Text>
        }
      />
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {!info && !error && <Spinner size="tiny" label="Asking the app…" />}
      {info && (
        <dl className={styles.facts} data-testid="app-info">
          {facts(info).map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt>
                <Caption1>{label}</Caption1>
              </dt>
              <dd style={{ margin: 0 }}>
                <Body1>{value}</Body1>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </Card>
  );
}

/** Proves the long-job pattern end to end: progress events keyed by job id, and cancel. */
function DiagnosticsCard() {
  const styles = useStyles();
  const job = useJob<{ steps: number }>();
  const steps = 20;
  const running = job.phase === 'running';
  const done = job.progress?.done ?? 0;
  const outcome: Record<string, string> = {
    succeeded: `Finished: ${job.result?.steps ?? 0} steps.`,
    cancelled: `Cancelled after ${done} of ${steps} steps.`,
    failed: `Failed: ${job.error ?? ''}`,
  };
  return (
    <Card aria-labelledby="diagnostics-title">
      <CardHeader
        header={
          <Text weight="semibold" id="diagnostics-title">
            Diagnostics: background job
          </Text>
        }
        description={
          <Caption1>
            Runs a short test job in the main process, reporting progress, to check the app&apos;s wiring.
          </Caption1>
        }
      />
      <div className={styles.row}>
        <Button
          icon={<Play20Regular />}
          disabled={running}
          onClick={() =>
            void job.start((jobId) => requireApi().demo.countdown({ jobId, steps, intervalMs: 150 }))
          }
        >
          Run test job
        </Button>
        <Button icon={<Dismiss20Regular />} disabled={!running} onClick={() => void job.cancel()}>
          Cancel
        </Button>
      </div>
      {job.phase !== 'idle' && (
        <Field
          label="Progress"
          validationState="none"
          validationMessage={running ? `${done} of ${steps} steps` : outcome[job.phase]}
        >
          <ProgressBar value={done / steps} data-testid="job-progress" />
        </Field>
      )}
      <Body1 role="status" data-testid="job-status">
        {job.phase === 'idle' ? 'Not run yet.' : running ? 'Running…' : outcome[job.phase]}
      </Body1>
    </Card>
  );
}

const LINKS = [
  ['Profile photos in Microsoft Graph', 'https://learn.microsoft.com/en-us/graph/api/profilephoto-update'],
  ['Microsoft Entra admin center', 'https://entra.microsoft.com/'],
] as const;

function LinksCard() {
  const styles = useStyles();
  const [error, setError] = useState<string | null>(null);
  const open = async (url: string) => {
    try {
      setError(null);
      // Reviewed: fixed https links; main checks them against its allowlist before opening.
      await unwrap(requireApi().shell.openExternal({ url })); // eng-disable OPEN_EXTERNAL_JS_CHECK
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card>
      <CardHeader header={<Text weight="semibold">Documentation</Text>} />
      <div className={styles.links}>
        {LINKS.map(([label, url]) => (
          <Link key={url} onClick={() => void open(url)}>
            {label} <Open16Regular />
          </Link>
        ))}
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
    </Card>
  );
}

export function SettingsScreen() {
  return (
    <ScreenPage title="Settings" maxWidth={720}>
      <SettingsForm />
      <AboutCard />
      <LogsCard />
      <DiagnosticsCard />
      <LinksCard />
    </ScreenPage>
  );
}
