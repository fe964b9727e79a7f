/**
 * Every screen's frame, in one place: a column of at most `maxWidth` (the Review screen fills the height instead),
 * headed by the screen's h2 (id screen-title: the shell and the tests find each screen by it).
 */
import { Title2, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  fill: { gap: tokens.spacingVerticalM, height: '100%', minHeight: '480px' },
});

export function ScreenPage({
  title,
  maxWidth,
  fill = false,
  children,
}: {
  title: string;
  /** In px; none when the screen fills the width. */
  maxWidth?: number;
  /** Fill the window's height (a screen whose table scrolls inside). */
  fill?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <section
      className={mergeClasses(styles.column, fill && styles.fill)}
      style={maxWidth ? { maxWidth: `${maxWidth}px` } : undefined}
    >
      <Title2 as="h2" id="screen-title">
        {title}
      </Title2>
      {children}
    </section>
  );
}
