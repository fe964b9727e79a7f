/**
 * Import: drop a folder (and a mapping CSV) or choose one, pick the domains to match against, then scan with
 * live counts and cancel. The finished import fills the Review screen. "Scan and match", its progress and its
 * errors sit in the screen's action bar, which stays in view however small the window.
 */
import {
  Button,
  Card,
  CardHeader,
  Checkbox,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  mergeClasses,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import {
  ArchiveRegular,
  ArrowRightRegular,
  DismissRegular,
  DocumentTableRegular,
  FolderOpenRegular,
  PlayRegular,
} from '@fluentui/react-icons';
import { useEffect, useState, type DragEvent } from 'react';
import { requireApi, unwrap } from '../../api';
import { describeMappingFile } from '../../../shared/mapping-csv';
import { visibleText } from '../../../shared/visible-text';
import { useImportStore } from '../../stores/import-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { planDrop } from './dropped-paths';
import { ScreenPage } from '../screen-page';
import { MappingProblems } from '../review/MappingProblems';
import { ScopeLine } from '../review/ScopeLine';
import { SCOPE_KIND_LABELS, type ScopeKind } from './scope-choice';

const useStyles = makeStyles({
  drop: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingVerticalXXXL,
    border: `2px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusXLarge,
    textAlign: 'center',
  },
  over: {
    ...shorthands.borderColor(tokens.colorBrandStroke1),
    backgroundColor: tokens.colorBrandBackground2,
  },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  path: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  counts: { display: 'flex', gap: tokens.spacingHorizontalXXL },
});

export function ImportScreen() {
  const styles = useStyles();
  const s = useImportStore();
  const session = useSessionStore();
  const setScreen = useShell((x) => x.setScreen);
  const [over, setOver] = useState(false);
  const [notes, setNotes] = useState<string[]>([]);
  const signedIn = session.info.signedIn;
  const { loadDomains, domains } = s;

  useEffect(() => {
    if (signedIn && domains.length === 0) void loadDomains();
  }, [signedIn, domains.length, loadDomains]);

  const [packageError, setPackageError] = useState<string | null>(null);
  const [packageBusy, setPackageBusy] = useState(false);
  /** A handoff package (folder or .zip with its manifest) goes straight on to Review; true when it was one. */
  const tryPackage = async (candidate: string): Promise<boolean> => {
    const api = requireApi();
    setPackageBusy(true);
    const { isPackage } = await unwrap(api.package.check({ path: candidate }))
      .catch(() => ({ isPackage: false }))
      .finally(() => setPackageBusy(false));
    if (!isPackage) return false;
    setPackageError(null);
    // The import store runs it like a scan: live counts, Cancel, and its error bar when it fails.
    const opened = await s.start((jobId) =>
      api.package.open({ jobId, path: candidate, domains: s.selectedDomains }),
    );
    if (opened) setScreen('review');
    return true;
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const api = requireApi();
    const paths = [...e.dataTransfer.files].map((f) => api.getPathForFile(f));
    const single = paths.length === 1 ? paths[0] : undefined;
    void (async () => {
      if (single && (await tryPackage(single))) return;
      const plan = planDrop(paths);
      if (plan.folder) s.setFolder(plan.folder);
      if (plan.mappingCsv) s.setMappingCsv(plan.mappingCsv);
      setNotes(plan.notes);
    })();
  };
  const choosePackage = async () => {
    const chosen = await unwrap(requireApi().package.chooseZip()).catch(() => null);
    if (chosen && !(await tryPackage(chosen.path)))
      setPackageError('That file is not a Headshot package: it has no manifest.json from Prepare photos.');
  };
  const choose = async () => {
    const chosen = await unwrap(requireApi().dialog.chooseFolder({ purpose: 'photos' })).catch(() => null);
    // A package folder is imported as a package; any other folder waits for "Scan and match".
    if (chosen && !(await tryPackage(chosen.path))) s.setFolder(chosen.path);
  };
  const chooseMapping = async () => {
    const chosen = await unwrap(requireApi().import.chooseMapping()).catch(() => null);
    if (chosen) s.setMappingCsv(chosen.path);
  };
  const chooseUsersCsv = async () => {
    const chosen = await unwrap(requireApi().import.chooseUsersCsv()).catch(() => null);
    if (chosen) s.setScope({ usersCsv: chosen.path });
  };
  const start = async () => {
    if (await s.start()) setScreen('review');
  };
  const running = s.phase === 'running';
  const p = s.progress;

  if (!signedIn) {
    return (
      <ScreenPage title="Import" maxWidth={820}>
        <MessageBar intent="info">
          <MessageBarBody>
            Sign in first (or try the demo tenant): photos are matched against your directory.{' '}
            <Button size="small" onClick={() => setScreen('signin')}>
              Go to Sign in
            </Button>
          </MessageBarBody>
        </MessageBar>
      </ScreenPage>
    );
  }

  const actions = (
    <>
      <div className={styles.row}>
        <Button
          appearance="primary"
          icon={<PlayRegular />}
          disabled={!s.folder || running}
          onClick={() => void start()}
        >
          Scan and match
        </Button>
        {running && (
          <Button icon={<DismissRegular />} onClick={() => void s.cancel()}>
            Cancel
          </Button>
        )}
      </div>
      {running && (
        <Card aria-live="polite">
          <Field label={p.message ?? 'Starting…'}>
            <ProgressBar value={p.total ? p.previews / p.total : undefined} />
          </Field>
          <div className={styles.counts}>
            <Text data-testid="scan-count">{p.scanned} files found</Text>
            <Text>{p.previews} previews made</Text>
          </div>
        </Card>
      )}
      {s.phase === 'cancelled' && (
        <MessageBar intent="warning">
          <MessageBarBody>The import was cancelled. Nothing was changed.</MessageBarBody>
        </MessageBar>
      )}
      {s.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Nothing was imported.</MessageBarTitle>
            {s.error}
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );

  return (
    <ScreenPage title="Import" maxWidth={820} actions={actions}>
      <div
        className={mergeClasses(styles.drop, over && styles.over)}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
      >
        <FolderOpenRegular fontSize={48} aria-hidden />
        <Text size={400} weight="semibold">
          Drop a photo folder here, with a mapping CSV if you have one
        </Text>
        <Text>
          Headshot only reads the folder. Photos stay on this computer until you upload. A photographer’s
          package (a folder or .zip from Prepare photos) can be dropped here too.
        </Text>
        <div className={styles.row}>
          <Button icon={<FolderOpenRegular />} onClick={() => void choose()} disabled={running}>
            Choose folder…
          </Button>
          <Button icon={<DocumentTableRegular />} onClick={() => void chooseMapping()} disabled={running}>
            Choose mapping CSV…
          </Button>
          <Button
            icon={<ArchiveRegular />}
            onClick={() => void choosePackage()}
            disabled={running || packageBusy}
          >
            Choose package .zip…
          </Button>
          {session.demo && (
            <Button
              onClick={() => {
                s.setFolder(session.demo!.folder);
                s.setMappingCsv(session.demo!.mappingCsv);
              }}
              disabled={running}
            >
              Use the demo’s sample photos
            </Button>
          )}
        </div>
      </div>
      {packageBusy && <Spinner size="tiny" label="Checking the package…" />}
      {packageError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The package could not be imported.</MessageBarTitle>
            {packageError}
          </MessageBarBody>
        </MessageBar>
      )}
      {notes.map((n) => (
        <MessageBar key={n} intent="info">
          <MessageBarBody>{n}</MessageBarBody>
        </MessageBar>
      ))}
      <Card>
        <CardHeader header={<Text weight="semibold">What to import</Text>} />
        <Field label="Photo folder">
          <Text className={styles.path} data-testid="import-folder">
            {s.folder ? visibleText(s.folder) : 'None yet: drop or choose a folder.'}
          </Text>
        </Field>
        <Field label="Mapping CSV (optional)">
          <div className={styles.row}>
            <Text className={styles.path} data-testid="import-mapping">
              {s.mappingCsv ? visibleText(s.mappingCsv) : 'None: files are matched by their names.'}
            </Text>
            {s.mappingCsv && (
              <Button
                size="small"
                icon={<DismissRegular />}
                onClick={() => s.setMappingCsv(null)}
                disabled={running}
              >
                Remove
              </Button>
            )}
          </div>
        </Field>
        <Field label="Limit this upload to">
          <RadioGroup
            layout="horizontal"
            value={s.scope.kind}
            onChange={(_, data) => s.setScope({ kind: data.value as ScopeKind })}
            disabled={running}
          >
            {(Object.keys(SCOPE_KIND_LABELS) as ScopeKind[]).map((kind) => (
              <Radio key={kind} value={kind} label={SCOPE_KIND_LABELS[kind]} />
            ))}
          </RadioGroup>
        </Field>
        {s.scope.kind === 'group' && (
          <Field
            label="Group name or id"
            hint="Members of nested groups count. Photos for anyone else are shown as outside the scope and never uploaded."
          >
            <Input
              value={s.scope.group}
              onChange={(_, data) => s.setScope({ group: data.value })}
              placeholder="Sales EMEA"
              disabled={running}
            />
          </Field>
        )}
        {s.scope.kind === 'department' && (
          <Field
            label="Department"
            hint="As the directory writes it (any case or accents). Photos for anyone else are never uploaded."
          >
            <Input
              value={s.scope.department}
              onChange={(_, data) => s.setScope({ department: data.value })}
              placeholder="Sales"
              disabled={running}
            />
          </Field>
        )}
        {s.scope.kind === 'users' && (
          <Field
            label="Users CSV"
            hint='A "user" column with each UPN, mail or object id. Photos for anyone else are never uploaded.'
          >
            <div className={styles.row}>
              <Text className={styles.path} data-testid="import-scope-csv">
                {s.scope.usersCsv ? visibleText(s.scope.usersCsv) : 'None chosen yet.'}
              </Text>
              <Button
                size="small"
                icon={<DocumentTableRegular />}
                onClick={() => void chooseUsersCsv()}
                disabled={running}
              >
                Choose users CSV…
              </Button>
            </div>
          </Field>
        )}
        {s.domains.length > 0 && (
          <Field label="Match names like jane.doe against these domains">
            <div className={styles.row} role="group" aria-label="Domains">
              {s.domains.map((d) => (
                <Checkbox
                  key={d}
                  label={d}
                  checked={s.selectedDomains.includes(d)}
                  onChange={() => s.toggleDomain(d)}
                  disabled={running}
                />
              ))}
            </div>
          </Field>
        )}
      </Card>
      {s.phase === 'done' && s.result && (
        <Card>
          <CardHeader header={<Text weight="semibold">Imported</Text>} />
          <Text data-testid="import-summary">
            {Object.entries(s.result.summary)
              .map(([k, v]) => `${v} ${k}`)
              .join(' · ')}
          </Text>
          {s.result.mappingFile && (
            <Text data-testid="import-mapping-file">{describeMappingFile(s.result.mappingFile)}</Text>
          )}
          <ScopeLine where="import" />
          <MappingProblems where="import" />
          <Button appearance="primary" icon={<ArrowRightRegular />} onClick={() => setScreen('review')}>
            Review the matches
          </Button>
        </Card>
      )}
    </ScreenPage>
  );
}
