/** Settings › Logs (issue 15): the log level, the logs folder, and diagnostics for a support ticket. */
import {
  Body1,
  Button,
  Card,
  CardHeader,
  Caption1,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  Option,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CopyRegular, FolderOpenRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { Settings } from '../../../shared/settings';
import { requireApi, unwrap } from '../../api';
import { useSettingsStore } from '../../stores/settings-store';

export const LOG_LEVEL_LABELS: Record<Settings['logLevel'], string> = {
  error: 'Errors only',
  warn: 'Warnings and errors',
  info: 'Normal (recommended)',
  debug: 'Detailed, for support',
};

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function LogsCard() {
  const styles = useStyles();
  const level = useSettingsStore((s) => s.settings.logLevel);
  const save = useSettingsStore((s) => s.save);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const openLogs = async () => {
    setError(null);
    setStatus(null);
    try {
      const result = await unwrap(requireApi().app.openLogs());
      if (result.path === null) setStatus('This copy of Headshot keeps no log file.');
      else if (!result.opened) setStatus(`The logs are in ${result.path}`);
      else setStatus(`Opened ${result.path}`);
    } catch (e) {
      setError(`The logs folder could not be opened: ${message(e)}`);
    }
  };

  const copyDiagnostics = async () => {
    setError(null);
    setStatus(null);
    try {
      const { text } = await unwrap(requireApi().app.diagnostics());
      await navigator.clipboard.writeText(text);
      setStatus('Diagnostics copied. Paste them into your support ticket.');
    } catch (e) {
      setError(`The diagnostics could not be copied: ${message(e)}`);
    }
  };

  return (
    <Card aria-labelledby="logs-title">
      <CardHeader
        header={
          <Text weight="semibold" id="logs-title">
            Logs
          </Text>
        }
        description={
          <Caption1>
            Headshot keeps a log of what it did, never a password, token or photo. Diagnostics add the
            versions, settings and recent errors a support ticket needs.
          </Caption1>
        }
      />
      <div className={styles.form}>
        <Field label="Log detail" hint="Detailed adds every request's outcome; use it when support asks.">
          <Dropdown
            value={LOG_LEVEL_LABELS[level]}
            selectedOptions={[level]}
            onOptionSelect={(_, d) =>
              d.optionValue && void save({ logLevel: d.optionValue as Settings['logLevel'] })
            }
          >
            {(['error', 'warn', 'info', 'debug'] as const).map((l) => (
              <Option key={l} value={l}>
                {LOG_LEVEL_LABELS[l]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <div className={styles.row}>
          <Button icon={<FolderOpenRegular />} onClick={() => void openLogs()}>
            Open logs folder
          </Button>
          <Button icon={<CopyRegular />} onClick={() => void copyDiagnostics()}>
            Copy diagnostics
          </Button>
        </div>
        {status && (
          <Body1 role="status" data-testid="logs-status">
            {status}
          </Body1>
        )}
        {error && (
          <MessageBar intent="error">
            <MessageBarBody>{error}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </Card>
  );
}
