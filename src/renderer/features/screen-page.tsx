/**
 * Every screen's frame, in one place: a column of at most `maxWidth` (the Review screen fills the height instead),
 * headed by the screen's h2 (id screen-title: the shell and the tests find each screen by it). When a screen opens,
 * the focus moves to its heading, so keyboard and screen-reader users start at the top of the new screen. `actions`
 * is the screen's way forward, in a bar that sticks to the bottom of the window while the page scrolls.
 */
import { makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  column: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    flexShrink: 0,
    width: '100%',
  },
  // Fills what the shell leaves below its banners; the screen's own table is what scrolls.
  fill: { gap: tokens.spacingVerticalM, flex: 1, flexShrink: 1, minHeight: 0 },
  title: { ...typographyStyles.title2, margin: 0, outlineStyle: 'none' },
  actions: {
    position: 'sticky',
    bottom: 0,
    zIndex: 1,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

export function ScreenPage({
  title,
  maxWidth,
  fill = false,
  actions,
  children,
}: {
  title: string;
  /** In px; none when the screen fills the width. */
  maxWidth?: number;
  /** Fill the window's height (a screen whose table scrolls inside). */
  fill?: boolean;
  /** The way forward (a primary button, its progress and errors): always in view. */
  actions?: ReactNode;
  children: ReactNode;
}) {
  const styles = useStyles();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <section
      className={mergeClasses(styles.column, fill && styles.fill)}
      style={maxWidth ? { maxWidth: `${maxWidth}px` } : undefined}
    >
      <h2 id="screen-title" tabIndex={-1} ref={heading} className={styles.title}>
        {title}
      </h2>
      {children}
      {actions && (
        <div className={styles.actions} role="region" aria-label={`${title} actions`}>
          {actions}
        </div>
      )}
    </section>
  );
}
