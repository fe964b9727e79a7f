/** The Review screen: the review view wired to the directory search, current photos and the Upload screen. */
import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { UserRef } from '../../../shared/domain';
import { describeMappingFile } from '../../../shared/mapping-csv';
import { requireApi, unwrap } from '../../api';
import { useImportStore } from '../../stores/import-store';
import { useReviewStore } from '../../stores/review-store';
import { usePendingRun } from '../../stores/pending-run';
import { useSettingsStore } from '../../stores/settings-store';
import { usePrepareStore } from '../../stores/prepare-store';
import { useShell } from '../../store';
import { MappingProblems } from './MappingProblems';
import { ReviewView } from './ReviewView';
import { ScopeLine } from './ScopeLine';
import { previewProgressText } from './preview-progress';
import { ScreenPage } from '../screen-page';

export function ReviewScreen() {
  const hasItems = useReviewStore((s) => s.items.length > 0);
  const mappingFile = useImportStore((s) => s.result?.mappingFile);
  const previews = useImportStore((s) => s.previews);
  const prioritize = useImportStore((s) => s.prioritize);
  const defaultCrop = useSettingsStore((s) => s.settings.defaultCrop);
  const setScreen = useShell((s) => s.setScreen);
  const setPairs = usePendingRun((s) => s.setPairs);
  // Prepare mode has no tenant: no current photos, and the roster is the directory.
  const preparing = usePrepareStore((s) => s.active);
  const setPreparePairs = usePrepareStore((s) => s.setPairs);
  const setPrepareScreen = usePrepareStore((s) => s.setScreen);
  const importId = useImportStore((s) => s.result?.importId);
  // In Prepare mode the people picker searches the roster (the photographer's directory).
  const search = useCallback(
    async (query: string) =>
      preparing
        ? importId
          ? (await unwrap(requireApi().prepare.searchRoster({ importId, query }))).users
          : []
        : (await unwrap(requireApi().directory.search({ query }))).users,
    [preparing, importId],
  );
  const loadCurrentPhoto = useCallback(
    async (user: UserRef) => (await unwrap(requireApi().directory.currentPhoto({ userId: user.id }))).dataUrl,
    [],
  );

  return (
    <ScreenPage
      title="Review"
      fill
      subtitle={
        hasItems &&
        mappingFile && <span data-testid="review-mapping-file">{describeMappingFile(mappingFile)}</span>
      }
    >
      {hasItems && <ScopeLine />}
      {hasItems && <MappingProblems />}
      {hasItems && previews && (
        <MessageBar intent="info">
          <MessageBarBody data-testid="review-previews" aria-live="polite">
            {previewProgressText(previews.done, previews.total, previews.updatedAt - previews.startedAt)}
          </MessageBarBody>
        </MessageBar>
      )}
      {hasItems ? (
        <ReviewView
          onVisiblePending={prioritize}
          defaultCrop={{ strategy: defaultCrop }}
          search={search}
          {...(preparing ? { exportMode: true } : { loadCurrentPhoto })}
          onUpload={(pairs) => {
            if (preparing) {
              setPreparePairs(pairs);
              setPrepareScreen('export');
              return;
            }
            setPairs(pairs);
            setScreen('upload');
          }}
        />
      ) : (
        <MessageBar intent="info">
          <MessageBarBody>
            Nothing to review yet: import a folder first.{' '}
            <Button
              size="small"
              onClick={() => (preparing ? setPrepareScreen('prepare') : setScreen('import'))}
            >
              {preparing ? 'Go to Prepare photos' : 'Go to Import'}
            </Button>
          </MessageBarBody>
        </MessageBar>
      )}
    </ScreenPage>
  );
}
