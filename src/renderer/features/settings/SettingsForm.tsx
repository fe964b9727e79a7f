/** Upload settings, saved to settings.json in main (they persist across launches). */
import {
  Button,
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Slider,
  SpinButton,
  Switch,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { FACE_TIGHTNESS } from '../../../shared/faces';
import {
  CONCURRENCY_MAX,
  CONCURRENCY_MIN,
  OUTPUT_SIZE_MAX,
  OUTPUT_SIZE_MIN,
  QUALITY_MAX,
  QUALITY_MIN,
  type Settings,
} from '../../../shared/settings';
import { getApi, requireApi, unwrap } from '../../api';
import { useSettingsStore } from '../../stores/settings-store';
import { CROP_LABELS } from '../review/ReviewDetails';

/** "Face framing tightness": how much of the square the face fills; saved when the slider is let go. */
function TightnessSetting({ value, onSave }: { value: number; onSave: (value: number) => void }) {
  const [draft, setDraft] = useState<number | null>(null);
  const shown = draft ?? value;
  const percent = Math.round(shown * 100);
  const commit = () => {
    if (draft !== null && draft !== value) onSave(draft);
    setDraft(null);
  };
  return (
    <Field
      label="Face framing tightness"
      hint={`The face fills ${percent}% of the square. 50% is head and shoulders; more is a closer crop.`}
    >
      <Slider
        min={Math.round(FACE_TIGHTNESS.min * 100)}
        max={Math.round(FACE_TIGHTNESS.max * 100)}
        step={5}
        value={percent}
        aria-valuetext={`${percent}%`}
        onChange={(_, d) => setDraft(d.value / 100)}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
    </Field>
  );
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const clampInt = (v: number | null | undefined, lo: number, hi: number, fallback: number) =>
  v === null || v === undefined || !Number.isFinite(v) ? fallback : Math.min(hi, Math.max(lo, Math.round(v)));

/** A whole-number setting: typed or stepped, kept inside its range. */
function NumberSetting(props: {
  label: string;
  hint: string;
  min: number;
  max: number;
  step?: number;
  value: number;
  onSave: (value: number) => void;
}) {
  const { label, hint, min, max, step, value, onSave } = props;
  return (
    <Field label={label} hint={hint}>
      <SpinButton
        min={min}
        max={max}
        {...(step ? { step } : {})}
        value={value}
        onChange={(_, d) => onSave(clampInt(d.value ?? Number(d.displayValue), min, max, value))}
      />
    </Field>
  );
}

export function SettingsForm() {
  const styles = useStyles();
  const s = useSettingsStore();
  const { load, loaded } = s;
  useEffect(() => {
    if (!loaded && getApi()) void load();
  }, [loaded, load]);
  const v = s.settings;
  const save = (patch: Partial<Settings>) => void s.save(patch);
  const chooseState = async () => {
    const chosen = await unwrap(
      requireApi().dialog.chooseFolder({
        purpose: 'reports',
        title: 'Where Headshot keeps runs and backups',
      }),
    ).catch(() => null);
    if (chosen) save({ stateDir: chosen.path });
  };

  return (
    <Card aria-labelledby="settings-title">
      <CardHeader
        header={
          <Text weight="semibold" id="settings-title">
            Photos and uploads
          </Text>
        }
      />
      {s.problems.map((p) => (
        <MessageBar key={p} intent="warning">
          <MessageBarBody>{p}</MessageBarBody>
        </MessageBar>
      ))}
      {s.error && (
        <MessageBar intent="error">
          <MessageBarBody>{s.error}</MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.form}>
        <NumberSetting
          label="Output size (pixels)"
          hint="648 is the largest size Microsoft 365 shows."
          min={OUTPUT_SIZE_MIN}
          max={OUTPUT_SIZE_MAX}
          step={8}
          value={v.outputSize}
          onSave={(outputSize) => save({ outputSize })}
        />
        <NumberSetting
          label="JPEG quality"
          hint="85 to 90 keeps faces sharp and files small."
          min={QUALITY_MIN}
          max={QUALITY_MAX}
          value={v.quality}
          onSave={(quality) => save({ quality })}
        />
        <Field label="Default crop">
          <Dropdown
            value={CROP_LABELS[v.defaultCrop]}
            selectedOptions={[v.defaultCrop]}
            onOptionSelect={(_, d) =>
              d.optionValue && save({ defaultCrop: d.optionValue as Settings['defaultCrop'] })
            }
          >
            {(['face', 'attention', 'center', 'contain'] as const).map((c) => (
              <Option key={c} value={c}>
                {CROP_LABELS[c]}
              </Option>
            ))}
          </Dropdown>
        </Field>
        <TightnessSetting value={v.faceTightness} onSave={(faceTightness) => save({ faceTightness })} />
        <NumberSetting
          label="Photos processed at once"
          hint="More is faster on machines with more cores."
          min={CONCURRENCY_MIN}
          max={CONCURRENCY_MAX}
          value={v.concurrency}
          onSave={(concurrency) => save({ concurrency })}
        />
        <Field label="Runs and backups folder" hint="Journals, reports and the previous photos of every run.">
          <div className={styles.row}>
            <Input
              readOnly
              value={v.stateDir ?? 'Headshot’s own data folder'}
              aria-label="Runs and backups folder"
            />
            <Button icon={<FolderOpenRegular />} onClick={() => void chooseState()}>
              Change…
            </Button>
            {v.stateDir && <Button onClick={() => save({ stateDir: null })}>Use the default</Button>}
          </div>
        </Field>
        <Switch
          checked={v.skipUnchanged}
          onChange={(_, d) => save({ skipUnchanged: d.checked })}
          label="Skip users whose photo has not changed since the last upload"
        />
        <Switch
          checked={v.includeGuests}
          onChange={(_, d) => save({ includeGuests: d.checked })}
          label="Include guest accounts"
        />
        <Switch
          checked={v.includeDisabled}
          onChange={(_, d) => save({ includeDisabled: d.checked })}
          label="Include disabled accounts"
        />
      </div>
    </Card>
  );
}
