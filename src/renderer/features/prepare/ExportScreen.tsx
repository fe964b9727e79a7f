/**
 * Export package (Prepare mode): the reviewed photos as a folder or a .zip for the admin, with or without the
 * originals, signed with who made it. Shows progress with cancel, then what was written: the photos, the warnings
 * the admin will see, the photos that failed and the roster rows still missing a photo.
 */
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { ArchiveRegular, DismissRegular, FolderOpenRegular } from '@fluentui/react-icons';
import type { RosterIdentity } from '../../../shared/handoff-package';
import { visibleText } from '../../../shared/visible-text';
import { requireApi, unwrap } from '../../api';
import { usePrepareStore } from '../../stores/prepare-store';
import { warningLabel } from '../review/photo-warnings';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

/** "Jane Doe (jane@contoso.com)": a roster row for people. */
export function rosterLabel(r: RosterIdentity): string {
  const id = r.email ?? r.upn ?? (r.employeeId ? `employee ${r.employeeId}` : null);
  return r.name ? (id ? `${r.name} (${id})` : r.name) : (id ?? 'A roster row with no name');
}

/** A long missing list is cut here; the manifest has every row. */
const MISSING_SHOWN = 200;

/** What the package will cover, said before it is written: photos, people, and who still has none. */
export function coverageLine(pairs: readonly { user: { id: string } }[], rosterSize: number): string {
  const people = new Set(pairs.map((p) => p.user.id)).size;
  const photos = `${pairs.length} ${pairs.length === 1 ? 'photo' : 'photos'}`;
  if (rosterSize === 0) return `${photos} to package.`;
  const without = Math.max(0, rosterSize - people);
  const of = `${photos} for ${people} of the ${rosterSize} ${rosterSize === 1 ? 'person' : 'people'} on the roster`;
  return without === 0
    ? `${of}: everyone has a photo.`
    : `${of}. ${without} still ${without === 1 ? 'has' : 'have'} none: the package lists them for the admin.`;
}

export function ExportScreen() {
  const styles = useStyles();
  const s = usePrepareStore();
  const running = s.exportPhase === 'running';
  const result = s.result;

  const chooseFolder = async () => {
    const chosen = await unwrap(
      requireApi().dialog.chooseFolder({ purpose: 'photos', title: 'Choose where to save the package' }),
    ).catch(() => null);
    if (chosen) s.setExportOption({ outFolder: chosen.path });
  };

  if (s.pairs.length === 0 && !result) {
    return (
      <ScreenPage title="Export package" maxWidth={820}>
        <MessageBar intent="info">
          <MessageBarBody>
            Nothing to export yet: match a folder to the roster and review it first.{' '}
            <Button size="small" onClick={() => s.setScreen('review')}>
              Go to Review
            </Button>
          </MessageBarBody>
        </MessageBar>
      </ScreenPage>
    );
  }

  const actions = (
    <div className={styles.row}>
      <Button
        appearance="primary"
        icon={<ArchiveRegular />}
        disabled={running || !s.outFolder || !s.createdBy.trim()}
        onClick={() => void s.startExport()}
      >
        Export package
      </Button>
      {running && (
        <>
          <ProgressBar
            style={{ width: 200 }}
            value={s.exported.total ? s.exported.done / s.exported.total : undefined}
            aria-label="Packaging"
          />
          <Text aria-live="polite">
            {s.exported.done} of {s.exported.total ?? s.pairs.length}
          </Text>
          <Button icon={<DismissRegular />} onClick={() => void s.cancel()}>
            Cancel
          </Button>
        </>
      )}
    </div>
  );

  return (
    <ScreenPage
      title="Export package"
      maxWidth={820}
      subtitle="The reviewed photos, checked and cropped, for your Microsoft 365 admin."
      actions={actions}
    >
      {s.exportError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The package was not written.</MessageBarTitle>
            {s.exportError}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.exportPhase === 'cancelled' && (
        <MessageBar intent="warning">
          <MessageBarBody>Cancelled: no package was written.</MessageBarBody>
        </MessageBar>
      )}
      {result && (
        <MessageBar
          intent={result.failed.length > 0 ? 'warning' : 'success'}
          layout="multiline"
          data-focus-return
        >
          <MessageBarBody data-testid="export-result">
            <MessageBarTitle>
              Package saved with {result.photos} {result.photos === 1 ? 'photo' : 'photos'}.
            </MessageBarTitle>
            <Text block className={styles.path}>
              {visibleText(result.out)}
            </Text>
          </MessageBarBody>
        </MessageBar>
      )}
      {result && result.warnings.length > 0 && (
        <section aria-label="Warnings in the package">
          <Text weight="semibold">Warnings the admin will see</Text>
          <ul className={styles.list}>
            {result.warnings.map((w) => (
              <li key={w.code}>
                {warningLabel(w)}: {w.count} {w.count === 1 ? 'photo' : 'photos'}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result && result.failed.length > 0 && (
        <section aria-label="Photos left out">
          <Text weight="semibold">Left out of the package</Text>
          <ul className={styles.list}>
            {result.failed.map((f) => (
              <li key={f.sourceName}>
                {visibleText(f.sourceName)}: {f.error.message}
              </li>
            ))}
          </ul>
        </section>
      )}
      {result && (
        <section aria-label="Still missing a photo" data-testid="export-missing">
          <Text weight="semibold">
            {result.missing.length === 0
              ? 'Everyone on the roster has a photo.'
              : `Still missing a photo (${result.missing.length})`}
          </Text>
          {result.missing.length > 0 && (
            <ul className={styles.list}>
              {result.missing.slice(0, MISSING_SHOWN).map((m, i) => (
                <li key={i}>{visibleText(rosterLabel(m))}</li>
              ))}
            </ul>
          )}
          {result.missing.length > MISSING_SHOWN && (
            <Text block>
              …and {result.missing.length - MISSING_SHOWN} more. The package's manifest lists them all.
            </Text>
          )}
        </section>
      )}
      {!result && <Text data-testid="export-coverage">{coverageLine(s.pairs, s.rosterSize)}</Text>}
      <div className={styles.form}>
        <Field label="Save as">
          <RadioGroup
            layout="horizontal"
            value={s.kind}
            onChange={(_, d) => s.setExportOption({ kind: d.value as 'folder' | 'zip' })}
          >
            <Radio value="zip" label="One .zip file (easiest to send)" />
            <Radio value="folder" label="A folder" />
          </RadioGroup>
        </Field>
        <Field label="Where">
          <div className={styles.row}>
            <Button icon={<FolderOpenRegular />} onClick={() => void chooseFolder()}>
              Choose folder…
            </Button>
            <Text className={styles.path} data-testid="export-folder">
              {s.outFolder ? visibleText(s.outFolder) : 'None yet.'}
            </Text>
          </div>
        </Field>
        <Switch
          checked={s.includeOriginals}
          onChange={(_, d) => s.setExportOption({ includeOriginals: d.checked })}
          label="Include the original photos (larger; lets the admin re-crop from the full picture)"
        />
        <Field label="Made by" hint="Your name or studio: the admin sees it with the package." required>
          <Input
            value={s.createdBy}
            maxLength={256}
            onChange={(_, d) => s.setExportOption({ createdBy: d.value })}
          />
        </Field>
      </div>
    </ScreenPage>
  );
}
