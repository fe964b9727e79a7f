/**
 * The two questions before the People screen's photo actions: how to export (file names, size, folder), and
 * whether to remove photos (how many users lose theirs, in which tenant, backed up first, test run first).
 */
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Dropdown,
  Field,
  Option,
  Radio,
  RadioGroup,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { EXPORT_SIZES } from '../../../shared/ipc-people';
import type { ExportNaming, ExportSize } from '../../stores/inventory-store';
import { usersText } from '../upload/run-outcome';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  folder: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  path: { wordBreak: 'break-all' },
});

export const NAMING_LABELS: Record<ExportNaming, string> = {
  upn: 'User principal name (jane.doe@contoso.com.jpg)',
  mail: 'Email address',
  employeeId: 'Employee ID',
  displayName: 'Display name',
};

const sizeLabel = (size: ExportSize) =>
  size === 'largest' ? 'The largest Microsoft 365 keeps' : `${size} × ${size}`;

export interface ExportChoice {
  folder: string;
  naming: ExportNaming;
  size: ExportSize;
}

export function ExportDialog({
  open,
  users,
  chooseFolder,
  onExport,
  onClose,
}: {
  open: boolean;
  /** How many users the export reaches. */
  users: number;
  chooseFolder: () => Promise<string | null>;
  onExport: (choice: ExportChoice) => void;
  onClose: () => void;
}) {
  const styles = useStyles();
  const [naming, setNaming] = useState<ExportNaming>('upn');
  const [size, setSize] = useState<ExportSize>('largest');
  const [folder, setFolder] = useState<string | null>(null);
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{`Export the photos of ${usersText(users)}`}</DialogTitle>
          <DialogContent className={styles.form}>
            <Text>
              Headshot saves each user’s current photo in the folder, with a manifest (CSV) of the files. A
              user without a photo is listed as such. Exporting again to the same folder skips the photos
              already there.
            </Text>
            <Field label="Name the files by">
              <RadioGroup value={naming} onChange={(_, d) => setNaming(d.value as ExportNaming)}>
                {(Object.keys(NAMING_LABELS) as ExportNaming[]).map((n) => (
                  <Radio key={n} value={n} label={NAMING_LABELS[n]} />
                ))}
              </RadioGroup>
            </Field>
            <Field label="Size">
              <Dropdown
                value={sizeLabel(size)}
                selectedOptions={[String(size)]}
                onOptionSelect={(_, d) =>
                  setSize(d.optionValue === 'largest' ? 'largest' : (Number(d.optionValue) as ExportSize))
                }
              >
                {(['largest', ...[...EXPORT_SIZES].reverse()] as ExportSize[]).map((s) => (
                  <Option key={String(s)} value={String(s)}>
                    {sizeLabel(s)}
                  </Option>
                ))}
              </Dropdown>
            </Field>
            <div className={styles.folder}>
              <Button
                icon={<FolderOpenRegular />}
                onClick={() => void chooseFolder().then((f) => f && setFolder(f))}
              >
                {folder ? 'Change folder…' : 'Choose folder…'}
              </Button>
              <Text className={styles.path} data-testid="export-folder">
                {folder ?? 'No folder chosen yet'}
              </Text>
            </div>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button
              appearance="primary"
              disabled={!folder || users === 0}
              onClick={() => folder && onExport({ folder, naming, size })}
            >
              {`Export ${users.toLocaleString('en-US')} ${users === 1 ? 'photo' : 'photos'}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/** The removal's question: how many users lose their photo, in which tenant; backed up first; test run first. */
export function RemoveDialog({
  open,
  users,
  tenant,
  onRemove,
  onClose,
}: {
  open: boolean;
  /** Users whose photo would be removed. */
  users: number;
  tenant: string;
  onRemove: (dryRun: boolean) => void;
  onClose: () => void;
}) {
  const [dryRun, setDryRun] = useState(true);
  // Every time it opens, the safe choice is the one made.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setDryRun(true);
  }
  const photos = `${users.toLocaleString('en-US')} ${users === 1 ? 'photo' : 'photos'}`;
  return (
    <Dialog open={open} onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{`Remove the photos of ${usersText(users)} in ${tenant}?`}</DialogTitle>
          <DialogContent>
            <Text as="p" block data-testid="remove-consequence">
              {`${usersText(users)} lose their profile photo in Outlook, Teams and the rest of Microsoft 365 (it can take several hours to show everywhere).`}
            </Text>
            <Text as="p" block>
              Headshot backs up each photo first, so the removal can be rolled back from History: every photo
              goes back as it was. The removal is listed in History with its report.
            </Text>
            <Switch
              checked={dryRun}
              onChange={(_, d) => setDryRun(d.checked)}
              label="Test run first: check each user and change nothing"
            />
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Not now
            </Button>
            <Button appearance="primary" onClick={() => onRemove(dryRun)}>
              {dryRun ? `Test removing ${photos}` : `Remove ${photos}`}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
