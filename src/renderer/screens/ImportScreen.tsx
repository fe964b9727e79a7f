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
import { FolderOpen20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import { requireApi, unwrap } from '../api';
import { useShell } from '../store';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export function ImportScreen() {
  const styles = useStyles();
  const folder = useShell((s) => s.photoFolder);
  const setFolder = useShell((s) => s.setPhotoFolder);
  const [error, setError] = useState<string | null>(null);

  const choose = async () => {
    setError(null);
    try {
      const chosen = await unwrap(requireApi().dialog.chooseFolder({ purpose: 'photos' }));
      if (chosen) setFolder(chosen.path);
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
        <Button icon={<FolderOpen20Regular />} onClick={() => void choose()} style={{ alignSelf: 'start' }}>
          Choose folder…
        </Button>
        {folder ? (
          <Body1 data-testid="photo-folder" className={styles.path}>
            {folder}
          </Body1>
        ) : (
          <Body1>No folder chosen.</Body1>
        )}
      </Card>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <MessageBar intent="info">
        <MessageBarBody>Scanning the folder and matching photos to users are not built yet.</MessageBarBody>
      </MessageBar>
    </section>
  );
}
