import { Body1, MessageBar, MessageBarBody, Title2, makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '720px' },
});

/** A screen whose feature is not built yet: it says so, and shows no made-up data. */
export function ComingScreen({ title, upcoming }: { title: string; upcoming: string }) {
  const styles = useStyles();
  return (
    <section className={styles.column}>
      <Title2 as="h2" id="screen-title">
        {title}
      </Title2>
      <MessageBar intent="info">
        <MessageBarBody>Not built yet. This screen will hold: {upcoming}</MessageBarBody>
      </MessageBar>
      <Body1>Nothing here reads or changes your tenant in this version.</Body1>
    </section>
  );
}
