/**
 * The side panel for one row: why it has its status, the ways to resolve it (pick a candidate, search the
 * directory, exclude), the user's current photo next to the new one, and the crop editor. Candidates show job
 * title, department and office when the directory has them; a conflict shows the competing photos side by side.
 * The panel scrolls as a whole (its parts never shrink), and Escape closes it (ReviewView).
 */
import {
  Badge,
  Button,
  Dropdown,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Subtitle2,
  Text,
  makeStyles,
  mergeClasses,
  tokens,
  useId,
} from '@fluentui/react-components';
import { ArrowUndoRegular, DismissRegular, PersonAddRegular } from '@fluentui/react-icons';
import type { CropStrategy, UserRef } from '../../../shared/domain';
import type { CropChoice } from '../../../shared/review';
import { hasInvisibleCharacters, visibleText } from '../../../shared/visible-text';
import { CropEditor } from '../crop/CropEditor';
import { PeoplePicker } from '../people/PeoplePicker';
import { warningAdvice, warningLabel } from './photo-warnings';
import {
  STATE_LABELS,
  isFinalStatus,
  matcherUser,
  middleEllipsis,
  userContext,
  type ReviewRow,
} from './review-model';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    overflowY: 'auto',
    boxSizing: 'border-box',
    borderLeft: `1px solid ${tokens.colorNeutralStroke2}`,
    width: '380px',
    maxWidth: '100%',
    flexShrink: 0,
    // Scroll, never squash: no part of the panel gives up its height.
    '& > *': { flexShrink: 0 },
  },
  header: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  file: { wordBreak: 'break-all' },
  candidates: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    alignItems: 'stretch',
  },
  photos: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-start' },
  photo: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, alignItems: 'center' },
  current: { width: '96px', height: '96px', borderRadius: tokens.borderRadiusCircular, objectFit: 'cover' },
  placeholder: {
    width: '96px',
    height: '96px',
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    textAlign: 'center',
    fontSize: tokens.fontSizeBase200,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  candidate: { display: 'flex', flexDirection: 'column', gap: '2px', alignItems: 'stretch' },
  context: { color: tokens.colorNeutralForeground2, paddingInlineStart: tokens.spacingHorizontalS },
  rivals: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  rival: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalXS,
    width: '104px',
    textAlign: 'center',
    wordBreak: 'break-all',
  },
});

export const CROP_LABELS: Record<CropStrategy, string> = {
  face: 'Frame the face (recommended)',
  attention: 'Automatic (most interesting square)',
  center: 'Centre',
  contain: 'Whole picture (letterbox)',
  rect: 'Custom (drawn below)',
};

export interface ReviewDetailsProps {
  row: ReviewRow;
  /** For a conflict: the other rows whose photo is for the same user (conflictRivals). */
  rivals?: readonly ReviewRow[];
  className?: string;
  defaultCrop: CropChoice;
  search: (query: string) => Promise<UserRef[]>;
  /** The target user's current photo: a URL, null when they have none, undefined while loading or unknown. */
  currentPhotoUrl: string | null | undefined;
  /** False where there is no tenant to hold a current photo (Prepare mode): only the new photo is shown. */
  showCurrent?: boolean;
  onAssign: (user: UserRef) => void;
  onResolveConflict: (user: UserRef) => void;
  onExclude: () => void;
  onInclude: () => void;
  onReset: () => void;
  onCrop: (crop: CropChoice) => void;
  /** Applies this row's crop strategy to the selected rows (or all rows when nothing is selected). */
  onCropToMany: (crop: CropChoice) => void;
  selectionSize: number;
  onClose: () => void;
}

/** A file-name check, not a photo check: shown apart from them. */
export const HIDDEN_CHARACTERS_WARNING =
  'The file name contains hidden characters, shown as ⟨U+…⟩ codes. They can make one name look like another: check that this photo is of the person named before you upload it.';

const who = (u: UserRef) => `${u.displayName ?? u.userPrincipalName} (${u.userPrincipalName})`;

/** A candidate: the button to choose them, and their job title, department and office under it. */
function Candidate({ user, onPick }: { user: UserRef; onPick: () => void }) {
  const styles = useStyles();
  const id = useId('candidate');
  const context = userContext(user);
  return (
    <div className={styles.candidate}>
      <Button icon={<PersonAddRegular />} onClick={onPick} aria-describedby={context ? id : undefined}>
        {`Use ${who(user)}`}
      </Button>
      {context && (
        <Text id={id} size={200} className={styles.context}>
          {context}
        </Text>
      )}
    </div>
  );
}

export function ReviewDetails(props: ReviewDetailsProps) {
  const { row, defaultCrop, currentPhotoUrl } = props;
  const styles = useStyles();
  const item = row.item;
  const crop = row.crop ?? defaultCrop;
  // Outside the scope, nothing a person chooses here can send the photo: no candidates, picker or crop.
  const usable = !item.error && !isFinalStatus(item.status);
  const conflictUser = item.status === 'conflict' ? matcherUser(item) : null;
  // A conflict's one user is offered by the conflict button instead.
  const candidates =
    item.status === 'conflict'
      ? []
      : item.candidates.length > 0
        ? item.candidates
        : item.status === 'suggested' && item.user
          ? [item.user]
          : [];

  return (
    <aside
      className={mergeClasses(styles.root, props.className)}
      aria-label={`Details for ${visibleText(item.file)}`}
    >
      <div className={styles.header}>
        <div>
          <Subtitle2 as="h2" className={styles.file}>
            {visibleText(item.file)}
          </Subtitle2>
          <div>
            <Badge appearance="tint">{STATE_LABELS[row.state]}</Badge>
          </div>
        </div>
        <Button
          appearance="subtle"
          icon={<DismissRegular />}
          aria-label="Close details"
          onClick={props.onClose}
        />
      </div>
      <Text>{item.reason}</Text>
      {hasInvisibleCharacters(item.file) && (
        <MessageBar intent="warning">
          <MessageBarBody>{HIDDEN_CHARACTERS_WARNING}</MessageBarBody>
        </MessageBar>
      )}
      {item.status === 'outside-scope' && (
        <MessageBar intent="info" data-testid="details-outside-scope">
          <MessageBarBody>
            This photo is not uploaded: its person is outside this upload’s scope. To upload it, import the
            folder again with a scope that includes them, or for everyone.
          </MessageBarBody>
        </MessageBar>
      )}
      {item.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            This image can’t be used: {item.error.message} Exclude it, or replace the file and import again.
          </MessageBarBody>
        </MessageBar>
      )}
      {!item.error && item.warnings.length > 0 && (
        <div className={styles.candidates} role="group" aria-label="Photo checks">
          <Text weight="semibold">Photo checks</Text>
          {item.warnings.map((w) => (
            <MessageBar key={w.code} intent="warning">
              <MessageBarBody>
                <MessageBarTitle>{warningLabel(w)}</MessageBarTitle> {w.message} {warningAdvice(w) ?? ''}
              </MessageBarBody>
            </MessageBar>
          ))}
          <Text size={200}>
            You can still upload this photo.
            {row.crop && row.crop.strategy !== defaultCrop.strategy
              ? ' These checks were made with the default crop; the report shows them for the crop you chose.'
              : ''}
          </Text>
        </div>
      )}
      {row.target && (
        <Text>
          Will go to <strong>{who(row.target)}</strong>
          {userContext(row.target) ? ` (${userContext(row.target)})` : ''}
          {row.byHand ? ', chosen by you.' : '.'}
        </Text>
      )}

      {usable && !row.excluded && conflictUser && row.state === 'conflict' && (
        <div className={styles.candidates}>
          <Text weight="semibold">
            Several photos are for {conflictUser.displayName ?? conflictUser.userPrincipalName}.
          </Text>
          {userContext(conflictUser) && <Text size={200}>{userContext(conflictUser)}</Text>}
          {(props.rivals?.length ?? 0) > 0 && (
            <div className={styles.rivals} role="group" aria-label="Photos for this person">
              {[row, ...(props.rivals ?? [])].map((r) => (
                <div key={r.id} className={styles.rival}>
                  {r.item.thumbnailUrl ? (
                    <img
                      className={styles.current}
                      src={r.item.thumbnailUrl}
                      alt={`Photo ${visibleText(r.item.file)}`}
                    />
                  ) : (
                    <div className={styles.placeholder}>No preview</div>
                  )}
                  <Text size={200} title={visibleText(r.item.file)}>
                    {r.id === row.id ? 'This photo' : middleEllipsis(visibleText(r.item.file), 24)}
                  </Text>
                </div>
              ))}
            </div>
          )}
          <Button appearance="primary" onClick={() => props.onResolveConflict(conflictUser)}>
            Use this photo for {conflictUser.displayName ?? conflictUser.userPrincipalName}
          </Button>
          <Text size={200}>The other photos for this person are excluded; you can include them again.</Text>
        </div>
      )}
      {usable && !row.excluded && candidates.length > 0 && row.state !== 'ready' && (
        <div className={styles.candidates} role="group" aria-label="Candidates">
          <Text weight="semibold">{item.status === 'suggested' ? 'Suggested user' : 'Who is this?'}</Text>
          {candidates.map((c) => (
            <Candidate key={c.id} user={c} onPick={() => props.onAssign(c)} />
          ))}
        </div>
      )}
      {usable && (
        <PeoplePicker
          label={row.target ? 'Assign to someone else' : 'Assign to a user'}
          search={props.search}
          onPick={(u) => (row.state === 'conflict' ? props.onResolveConflict(u) : props.onAssign(u))}
        />
      )}
      <div className={styles.actions}>
        {row.excluded ? (
          <Button onClick={props.onInclude}>Include again</Button>
        ) : (
          !isFinalStatus(item.status) && <Button onClick={props.onExclude}>Exclude this photo</Button>
        )}
        {(row.byHand || row.excluded) && (
          <Button icon={<ArrowUndoRegular />} onClick={props.onReset}>
            Back to the automatic match
          </Button>
        )}
      </div>

      {usable && (
        <>
          <div className={styles.photos}>
            {props.showCurrent !== false && (
              <div className={styles.photo}>
                {currentPhotoUrl ? (
                  <img className={styles.current} src={currentPhotoUrl} alt="Current photo" />
                ) : (
                  <div className={styles.placeholder}>
                    {currentPhotoUrl === null ? 'No photo yet' : 'Not loaded'}
                  </div>
                )}
                <Text size={200}>Current</Text>
              </div>
            )}
            <div className={styles.photo}>
              {item.thumbnailUrl ? (
                <img className={styles.current} src={item.thumbnailUrl} alt="New photo" />
              ) : (
                <div className={styles.placeholder}>No preview</div>
              )}
              <Text size={200}>New</Text>
            </div>
          </div>
          <Field label="Crop">
            <Dropdown
              value={CROP_LABELS[crop.strategy]}
              selectedOptions={[crop.strategy]}
              onOptionSelect={(_, data) => {
                const strategy = data.optionValue as CropStrategy | undefined;
                if (!strategy) return;
                props.onCrop(
                  strategy === 'rect'
                    ? { strategy, rect: crop.rect ?? { left: 0, top: 0, width: 1, height: 1 } }
                    : { strategy },
                );
              }}
            >
              {(Object.keys(CROP_LABELS) as CropStrategy[]).map((s) => (
                <Option key={s} value={s}>
                  {CROP_LABELS[s]}
                </Option>
              ))}
            </Dropdown>
          </Field>
          {item.previewUrl && item.imageWidth && item.imageHeight ? (
            <CropEditor
              src={item.previewUrl}
              imageWidth={item.imageWidth}
              imageHeight={item.imageHeight}
              value={
                crop.strategy === 'rect'
                  ? (crop.rect ?? null)
                  : crop.strategy === 'face'
                    ? (item.faceRect ?? null)
                    : null
              }
              onChange={(rect) => props.onCrop({ strategy: 'rect', rect })}
              label={`Crop of ${visibleText(item.file)}`}
              face={item.face?.box ?? null}
              onFrameFace={() => props.onCrop({ strategy: 'face' })}
            />
          ) : null}
          <Button
            onClick={() => props.onCropToMany(crop.strategy === 'rect' ? defaultCrop : crop)}
            disabled={crop.strategy === 'rect'}
          >
            {props.selectionSize > 0
              ? `Use “${CROP_LABELS[crop.strategy]}” for the ${props.selectionSize} selected`
              : `Use “${CROP_LABELS[crop.strategy]}” for all photos`}
          </Button>
        </>
      )}
    </aside>
  );
}
