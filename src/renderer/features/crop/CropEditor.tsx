/**
 * Crop editor: the image moves behind a fixed square viewport with a circle overlay (what Teams and Outlook show).
 * Drag to pan, wheel or slider to zoom, and with the keyboard: arrows pan, + and - zoom, 0 resets.
 * It reports a normalised CropRect (see crop-math.ts). When the detector found a face, its box is drawn over the
 * picture and "Frame the face" asks for the face crop.
 */
import { Button, Slider, Text, makeStyles, tokens, useId } from '@fluentui/react-components';
import { ArrowResetRegular, PersonSquareRegular } from '@fluentui/react-icons';
import { useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import type { CropRect } from '../../../shared/domain';
import type { FaceBox } from '../../../shared/faces';
import {
  MAX_ZOOM,
  centredCrop,
  dragCrop,
  fromCropRect,
  panCrop,
  toCropRect,
  viewTransform,
  zoomCrop,
  zoomOf,
  type PixelCrop,
} from './crop-math';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  viewport: {
    position: 'relative',
    overflow: 'hidden',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    cursor: 'grab',
    touchAction: 'none',
    outlineStyle: 'none',
    ':focus-visible': {
      outlineStyle: 'solid',
      outlineWidth: tokens.strokeWidthThick,
      outlineColor: tokens.colorStrokeFocus2,
      outlineOffset: '2px',
    },
  },
  image: { position: 'absolute', userSelect: 'none', pointerEvents: 'none', maxWidth: 'none' },
  // The circle Teams shows: darken everything outside it.
  overlay: {
    position: 'absolute',
    inset: 0,
    pointerEvents: 'none',
    background: 'radial-gradient(circle closest-side, transparent 99%, rgba(0,0,0,0.55) 100%)',
  },
  // The detected face: a dashed box, visible on light and dark pictures alike (a light line with a dark edge).
  face: {
    position: 'absolute',
    pointerEvents: 'none',
    border: '2px dashed #ffffff',
    boxShadow: '0 0 0 1px rgba(0,0,0,0.7)',
    borderRadius: tokens.borderRadiusSmall,
  },
  // The slider takes the row's free width, so its track is always visible (it had none in a narrow panel).
  // Wraps in a narrow panel (1024 px) rather than squeezing the buttons' labels onto three lines.
  controls: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    alignSelf: 'stretch',
  },
  slider: { flex: 1, minWidth: '120px' },
});

export interface CropEditorProps {
  src: string;
  imageWidth: number;
  imageHeight: number;
  /** The current rectangle, or null for the default centred square. */
  value: CropRect | null;
  onChange: (rect: CropRect) => void;
  /** Viewport edge in CSS pixels. */
  viewport?: number;
  label?: string;
  /** The face the detector found, normalised to the upright source: drawn as a box. */
  face?: FaceBox | null;
  /** Asks for the face crop ('face' strategy); the button shows only with a face. */
  onFrameFace?: () => void;
}

export function CropEditor({
  src,
  imageWidth,
  imageHeight,
  value,
  onChange,
  viewport = 280,
  label,
  face,
  onFrameFace,
}: CropEditorProps) {
  const styles = useStyles();
  const sliderId = useId('crop-zoom');
  const hintId = useId('crop-hint');
  const crop: PixelCrop = value
    ? fromCropRect(value, imageWidth, imageHeight)
    : centredCrop(imageWidth, imageHeight);
  const drag = useRef<{ x: number; y: number; crop: PixelCrop } | null>(null);
  const [dragging, setDragging] = useState(false);

  const emit = (next: PixelCrop) => onChange(toCropRect(next, imageWidth, imageHeight));
  const t = viewTransform(crop, imageWidth, imageHeight, viewport);
  const zoom = zoomOf(crop, imageWidth, imageHeight);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, crop };
    setDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    emit(dragCrop(start.crop, e.clientX - start.x, e.clientY - start.y, imageWidth, imageHeight, viewport));
  };
  const endDrag = () => {
    drag.current = null;
    setDragging(false);
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const anchor = {
      x: crop.x + ((e.clientX - rect.left) / viewport) * crop.size,
      y: crop.y + ((e.clientY - rect.top) / viewport) * crop.size,
    };
    emit(zoomCrop(crop, zoom * (e.deltaY < 0 ? 1.1 : 1 / 1.1), imageWidth, imageHeight, anchor));
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = crop.size * (e.shiftKey ? 0.1 : 0.02);
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[e.key];
    if (move) emit(panCrop(crop, move[0], move[1], imageWidth, imageHeight));
    else if (e.key === '+' || e.key === '=') emit(zoomCrop(crop, zoom * 1.1, imageWidth, imageHeight));
    else if (e.key === '-') emit(zoomCrop(crop, zoom / 1.1, imageWidth, imageHeight));
    else if (e.key === '0') emit(centredCrop(imageWidth, imageHeight));
    else return;
    e.preventDefault();
  };

  return (
    <div className={styles.root}>
      <div
        className={styles.viewport}
        style={{ width: viewport, height: viewport, cursor: dragging ? 'grabbing' : 'grab' }}
        role="group"
        tabIndex={0}
        aria-label={label ?? 'Crop area'}
        aria-describedby={hintId}
        data-testid="crop-viewport"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
      >
        <img
          className={styles.image}
          src={src}
          alt=""
          draggable={false}
          style={{ left: t.offsetX, top: t.offsetY, width: t.displayWidth, height: t.displayHeight }}
        />
        {face && (
          <div
            className={styles.face}
            data-testid="crop-face-box"
            style={{
              left: t.offsetX + face.x * t.displayWidth,
              top: t.offsetY + face.y * t.displayHeight,
              width: face.width * t.displayWidth,
              height: face.height * t.displayHeight,
            }}
          />
        )}
        <div className={styles.overlay} />
      </div>
      <Text id={hintId} size={200}>
        Drag to move. Arrow keys move, + and - zoom, 0 resets. The circle is what Teams and Outlook show.
        {face ? ' The dashed box is the face Headshot found.' : ''}
      </Text>
      <div className={styles.controls}>
        <label htmlFor={sliderId}>Zoom</label>
        <Slider
          className={styles.slider}
          id={sliderId}
          min={100}
          max={MAX_ZOOM * 100}
          step={5}
          value={Math.round(zoom * 100)}
          onChange={(_, data) => emit(zoomCrop(crop, data.value / 100, imageWidth, imageHeight))}
          aria-valuetext={`${Math.round(zoom * 100)}%`}
        />
        <Button icon={<ArrowResetRegular />} onClick={() => emit(centredCrop(imageWidth, imageHeight))}>
          Reset
        </Button>
        {face && onFrameFace && (
          <Button icon={<PersonSquareRegular />} onClick={onFrameFace}>
            Frame the face
          </Button>
        )}
      </div>
    </div>
  );
}
