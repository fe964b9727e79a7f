/**
 * Every screen's frame, in one place: a column of at most `maxWidth` (the Review screen fills the height instead),
 * headed by the screen's h2 (id screen-title: the shell and the tests find each screen by it). When a screen opens,
 * the focus moves to its heading, so keyboard and screen-reader users start at the top of the new screen. `actions`
 * is the screen's way forward, in a bar that sticks to the bottom of the window while the page scrolls; `subtitle`
 * is a line of context beside the heading (it costs no height of its own on a small window). When the focused
 * control goes away, the focus goes back into the screen (useFocusFallback), never to the page's body.
 */
import { makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

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
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXXS,
  },
  title: { ...typographyStyles.title2, margin: 0, outlineStyle: 'none' },
  subtitle: { ...typographyStyles.body1, color: tokens.colorNeutralForeground2 },
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

/**
 * When the element with the focus goes away (the Start button once a run starts, Pause once it ends, a dialog's
 * trigger), the browser drops the focus to the page's body and a keyboard user starts again from the top. Instead
 * it goes to the screen's `[data-focus-return]` element (what now describes the state, e.g. "Run finished"), or
 * to its heading.
 */
function useFocusFallback(section: RefObject<HTMLElement | null>, heading: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const root = section.current;
    if (!root) return;
    let last: Element | null = null;
    const onFocusIn = (e: FocusEvent) => {
      last = e.target as Element;
    };
    const observer = new MutationObserver(() => {
      const active = document.activeElement;
      if (!last || last.isConnected || (active && active !== document.body)) return;
      last = null;
      const target = root.querySelector<HTMLElement>('[data-focus-return]') ?? heading.current;
      target?.focus({ preventScroll: true });
    });
    root.addEventListener('focusin', onFocusIn);
    // The whole document: the focus also drops when a dialog (a portal outside the screen) closes after its
    // trigger went away.
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => {
      root.removeEventListener('focusin', onFocusIn);
      observer.disconnect();
    };
  }, [section, heading]);
}

export function ScreenPage({
  title,
  maxWidth,
  fill = false,
  actions,
  subtitle,
  children,
}: {
  title: string;
  /** Context for the whole screen, shown beside the heading. */
  subtitle?: ReactNode;
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
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  useFocusFallback(section, heading);
  return (
    <section
      ref={section}
      className={mergeClasses(styles.column, fill && styles.fill)}
      style={maxWidth ? { maxWidth: `${maxWidth}px` } : undefined}
    >
      <div className={styles.header}>
        <h2 id="screen-title" tabIndex={-1} ref={heading} className={styles.title}>
          {title}
        </h2>
        {subtitle && <div className={styles.subtitle}>{subtitle}</div>}
      </div>
      {children}
      {actions && (
        <div className={styles.actions} role="region" aria-label={`${title} actions`}>
          {actions}
        </div>
      )}
    </section>
  );
}
