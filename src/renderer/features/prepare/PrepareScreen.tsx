/**
 * Prepare photos (issue 14), the photographer's start: no sign-in. Drop or choose the photo folder and the roster
 * CSV (name, email or UPN, employee ID; an admin's missing-photo list is one), then "Match to roster" opens Review.
 */
import {
  Button,
  Card,
  CardHeader,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular, DocumentTableRegular, FolderOpenRegular, PlayRegular } from '@fluentui/react-icons';
import { useState, type DragEvent } from 'react';
import { visibleText } from '../../../shared/visible-text';
import { requireApi, unwrap } from '../../api';
import { useImportStore } from '../../stores/import-store';
import { usePrepareStore } from '../../stores/prepare-store';
import { planDrop } from '../import/dropped-paths';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  drop: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
  },
  over: {
    ...shorthands.borderColor(tokens.colorBrandStroke1),
    backgroundColor: tokens.colorBrandBackground2,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
});

export function PrepareScreen() {
  const styles = useStyles();
  const s = usePrepareStore();
  const scanned = useImportStore((x) => x.progress.scanned);
  const [over, setOver] = useState(false);
  const running = s.importPhase === 'running';

  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const api = requireApi();
    const plan = planDrop([...e.dataTransfer.files].map((f) => api.getPathForFile(f)));
    if (plan.folder) s.setFolder(plan.folder);
    if (plan.mappingCsv) s.setRoster(plan.mappingCsv);
  };
  const chooseFolder = async () => {
    const chosen = await unwrap(requireApi().dialog.chooseFolder({ purpose: 'photos' })).catch(() => null);
    if (chosen) s.setFolder(chosen.path);
  };
  const chooseRoster = async () => {
    const chosen = await unwrap(requireApi().prepare.chooseRoster()).catch(() => null);
    if (chosen) s.setRoster(chosen.path);
  };
  const start = async () => {
    if (await s.startImport()) s.setScreen('review');
  };

  const actions = (
    <div className={styles.row}>
      <Button
        appearance="primary"
        icon={<PlayRegular />}
        disabled={!s.folder || !s.roster || running}
        onClick={() => void start()}
      >
        Match to roster
      </Button>
      {running && (
        <>
          <Spinner size="tiny" label={`Scanning: ${scanned} files`} />
          <Button icon={<DismissRegular />} onClick={() => void s.cancel()}>
            Cancel
          </Button>
        </>
      )}
    </div>
  );

  return (
    <ScreenPage
      title="Prepare photos"
      maxWidth={820}
      subtitle="No sign-in: make a checked set of photos to hand to your Microsoft 365 admin."
      actions={actions}
    >
      {s.importError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>That did not work.</MessageBarTitle>
            {s.importError}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.importPhase === 'done' && s.rosterProblems.length > 0 && (
        <MessageBar intent="warning">
          <MessageBarBody data-testid="roster-problems">
            <MessageBarTitle>
              {s.rosterProblems.length === 1
                ? '1 roster row could not be used.'
                : `${s.rosterProblems.length} roster rows could not be used.`}
            </MessageBarTitle>
            {s.rosterProblems
              .slice(0, 5)
              .map((p) => `Row ${p.row}: ${p.message}`)
              .join(' ')}
          </MessageBarBody>
        </MessageBar>
      )}
      <div
        className={mergeClasses(styles.drop, over && styles.over)}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="prepare-drop-zone"
      >
        <Text weight="semibold">Drop the photo folder and the roster CSV here, or choose them.</Text>
        <Card appearance="subtle">
          <CardHeader header={<Text weight="semibold">Photo folder</Text>} />
          <div className={styles.row}>
            <Button icon={<FolderOpenRegular />} onClick={() => void chooseFolder()}>
              Choose folder…
            </Button>
            <Text className={styles.path} data-testid="prepare-folder">
              {s.folder ? visibleText(s.folder) : 'None yet.'}
            </Text>
          </div>
        </Card>
        <Card appearance="subtle">
          <CardHeader
            header={<Text weight="semibold">Roster CSV</Text>}
            description="One person a row: name, email or UPN, employee ID. The admin's missing-photo list works as it is."
          />
          <div className={styles.row}>
            <Button icon={<DocumentTableRegular />} onClick={() => void chooseRoster()}>
              Choose roster…
            </Button>
            <Text className={styles.path} data-testid="prepare-roster">
              {s.roster ? visibleText(s.roster) : 'None yet.'}
            </Text>
          </div>
        </Card>
      </div>
    </ScreenPage>
  );
}
