import {
  Body1,
  Button,
  Caption1,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  Text,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular, FolderOpen20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { LibraryScanResult } from '../../shared/ipc';
import { requireApi, unwrap } from '../api';
import { useShell } from '../store';
import { useJob } from '../use-job';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 photos (2 jpeg, 1 png), 2 skipped (1 os-litter, 1 not-an-image)" */
function describeScan(result: LibraryScanResult): string {
  const detail = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([key, n]) => `${n} ${key}`)
      .join(', ');
  const photos = plural(result.images, 'photo', 'photos');
  const formats = result.images ? ` (${detail(result.formats)})` : '';
  const skipped = result.skipped ? `, ${result.skipped} skipped (${detail(result.skippedByCode)})` : '';
  return `Found ${photos}${formats}${skipped}.`;
}

export function ImportScreen() {
  const styles = useStyles();
  const folder = useShell((s) => s.photoFolder);
  const setFolder = useShell((s) => s.setPhotoFolder);
  const [error, setError] = useState<string | null>(null);
  const scan = useJob<LibraryScanResult>();
  const scanning = scan.phase === 'running';
  const counts = scan.progress?.counts ?? {};

  const choose = async () => {
    setError(null);
    try {
      const chosen = await unwrap(requireApi().dialog.chooseFolder({ purpose: 'photos' }));
      if (!chosen) return;
      setFolder(chosen.path);
      await scan.start((jobId) => requireApi().library.scan({ jobId, root: chosen.path }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className={styles.column}>
      <Title2 as="h2" id="screen-title">
        Import
      </Title2>
      <Card>
        <CardHeader
          header={<Text weight="semibold">Photo folder</Text>}
          description={<Caption1>The folder of photos to match to users. Headshot only reads it.</Caption1>}
        />
        <div className={styles.row}>
          <Button icon={<FolderOpen20Regular />} disabled={scanning} onClick={() => void choose()}>
            Choose folder…
          </Button>
          {scanning && (
            <Button icon={<Dismiss20Regular />} onClick={() => void scan.cancel()}>
              Stop scan
            </Button>
          )}
        </div>
        {folder ? (
          <Body1 data-testid="photo-folder" className={styles.path}>
            {folder}
          </Body1>
        ) : (
          <Body1>No folder chosen.</Body1>
        )}
        <Body1 role="status" data-testid="scan-status">
          {scan.phase === 'running' &&
            `Scanning… ${plural(counts.images ?? 0, 'photo', 'photos')}, ${counts.skipped ?? 0} skipped so far`}
          {scan.phase === 'succeeded' && scan.result && describeScan(scan.result)}
          {scan.phase === 'cancelled' &&
            `Scan stopped after ${plural(counts.images ?? 0, 'photo', 'photos')}.`}
          {scan.phase === 'failed' && `The scan failed: ${scan.error ?? ''}`}
        </Body1>
      </Card>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent="info">
        <MessageBarBody>Matching the photos to users is not built into this screen yet.</MessageBarBody>
      </MessageBar>
    </section>
  );
}
