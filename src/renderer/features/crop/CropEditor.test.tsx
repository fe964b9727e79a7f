import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { CropRect } from '../../../shared/domain';
import { CropEditor } from './CropEditor';

// jsdom has no PointerEvent: without one, pointer events carry no coordinates.
if (typeof window.PointerEvent === 'undefined') {
  class PointerEventPolyfill extends MouseEvent {
    pointerId: number;
    constructor(type: string, init: PointerEventInit = {}) {
      super(type, init);
      this.pointerId = init.pointerId ?? 1;
    }
  }
  window.PointerEvent = PointerEventPolyfill as unknown as typeof PointerEvent;
}

function Harness({ onChange }: { onChange: (r: CropRect) => void }) {
  const [value, setValue] = useState<CropRect | null>(null);
  return (
    <FluentProvider theme={webLightTheme}>
      <CropEditor
        src="data:image/png;base64,"
        imageWidth={1000}
        imageHeight={1000}
        viewport={100}
        value={value}
        onChange={(r) => {
          setValue(r);
          onChange(r);
        }}
      />
    </FluentProvider>
  );
}

describe('CropEditor', () => {
  it('zooms and pans with the keyboard', async () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const area = screen.getByRole('group', { name: 'Crop area' });
    area.focus();
    await userEvent.keyboard('+');
    const zoomed = onChange.mock.lastCall?.[0] as CropRect;
    expect(zoomed.width).toBeCloseTo(1 / 1.1, 5);
    await userEvent.keyboard('{ArrowRight}');
    const moved = onChange.mock.lastCall?.[0] as CropRect;
    expect(moved.left).toBeGreaterThan(zoomed.left);
    expect(moved.top).toBeCloseTo(zoomed.top, 6);
    await userEvent.keyboard('0');
    expect(onChange.mock.lastCall?.[0]).toEqual({ left: 0, top: 0, width: 1, height: 1 });
  });

  it('drags the image with the pointer', () => {
    const onChange = vi.fn();
    render(<Harness onChange={onChange} />);
    const area = screen.getByTestId('crop-viewport');
    fireEvent.keyDown(area, { key: '+' });
    fireEvent.keyDown(area, { key: '+' });
    const before = onChange.mock.lastCall?.[0] as CropRect;
    fireEvent.pointerDown(area, { clientX: 50, clientY: 50, pointerId: 1 });
    fireEvent.pointerMove(area, { clientX: 40, clientY: 50, pointerId: 1 });
    fireEvent.pointerUp(area, { pointerId: 1 });
    const after = onChange.mock.lastCall?.[0] as CropRect;
    // Image dragged left by 10 view px: the crop moves right.
    expect(after.left).toBeGreaterThan(before.left);
    expect(after.width).toBeCloseTo(before.width, 6);
  });

  it('has a labelled zoom slider and reset', () => {
    render(<Harness onChange={vi.fn()} />);
    expect(screen.getByRole('slider', { name: 'Zoom' })).toHaveAttribute('aria-valuetext', '100%');
    expect(screen.getByRole('button', { name: 'Reset' })).toBeInTheDocument();
  });
});

describe('CropEditor face box', () => {
  it('draws the detected face over the picture and asks for the face crop', async () => {
    const onFrameFace = vi.fn();
    render(
      <FluentProvider theme={webLightTheme}>
        <CropEditor
          src="data:image/png;base64,"
          imageWidth={1000}
          imageHeight={1000}
          viewport={100}
          value={null}
          onChange={() => undefined}
          face={{ x: 0.25, y: 0.1, width: 0.5, height: 0.4 }}
          onFrameFace={onFrameFace}
        />
      </FluentProvider>,
    );
    const box = screen.getByTestId('crop-face-box');
    // The whole square picture in a 100 px viewport: the box is in viewport pixels.
    expect(box.style.left).toBe('25px');
    expect(box.style.top).toBe('10px');
    expect(box.style.width).toBe('50px');
    expect(box.style.height).toBe('40px');
    await userEvent.click(screen.getByRole('button', { name: 'Frame the face' }));
    expect(onFrameFace).toHaveBeenCalledTimes(1);
  });

  it('has no box and no button without a face', () => {
    render(
      <FluentProvider theme={webLightTheme}>
        <CropEditor
          src="x"
          imageWidth={10}
          imageHeight={10}
          value={null}
          onChange={() => undefined}
          face={null}
        />
      </FluentProvider>,
    );
    expect(screen.queryByTestId('crop-face-box')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Frame the face' })).toBeNull();
  });
});
