/**
 * Sign in: the demo tenant in one click, or a real tenant (cloud, tenant, client ID; browser or device code).
 * Signed in, it shows the account and tenant, whether the sign-in is remembered, and sign-out.
 */
import {
  Badge,
  Button,
  Card,
  CardHeader,
  Dropdown,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CameraRegular, CopyRegular, PlayRegular, SignOutRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { tenantLabel, type SignInInput } from '../../../shared/session';
import { requireApi } from '../../api';
import { usePrepareStore } from '../../stores/prepare-store';
import { useSessionStore } from '../../stores/session-store';
import { useShell } from '../../store';
import { ScreenPage } from '../screen-page';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase500, letterSpacing: '2px' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    margin: 0,
  },
});

const CLOUD_LABELS: Record<SignInInput['cloud'], string> = {
  global: 'Microsoft 365 (global)',
  usgov: 'US Government (GCC High)',
  dod: 'US Government (DoD)',
  china: 'China (21Vianet)',
};

const EMPTY_FORM: SignInInput = { cloud: 'global', tenant: '', clientId: '', mode: 'interactive' };

export const APP_REGISTRATION_GUIDE =
  'https://learn.microsoft.com/en-us/entra/identity-platform/quickstart-register-app';

const openGuide = () => void requireApi().shell.openExternal({ url: APP_REGISTRATION_GUIDE }); // eng-disable OPEN_EXTERNAL_JS_CHECK

export function SignInScreen() {
  const styles = useStyles();
  const s = useSessionStore();
  const setScreen = useShell((x) => x.setScreen);
  // The form starts from the last tenant signed in to (remembered by main, no secret), until edited.
  const [edited, setForm] = useState<SignInInput | null>(null);
  const form = edited ?? s.info.lastSignIn ?? EMPTY_FORM;

  const enterPrepare = usePrepareStore((x) => x.enter);
  const demo = async () => {
    if (await s.startDemo()) setScreen('import');
  };
  const signIn = async () => {
    if (await s.signIn(form)) setScreen('import');
  };

  return (
    <ScreenPage title="Sign in" maxWidth={720}>
      {s.error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>That did not work.</MessageBarTitle>
            {s.error}
          </MessageBarBody>
        </MessageBar>
      )}
      {s.info.signedIn ? (
        <Card>
          <CardHeader
            header={
              <Text weight="semibold">
                Signed in {s.info.demo && <Badge color="warning">Demo tenant</Badge>}
              </Text>
            }
          />
          <dl className={styles.facts}>
            <dt>Account</dt>
            <dd data-testid="signed-in-account">{s.info.account}</dd>
            <dt>Tenant</dt>
            <dd data-testid="signed-in-tenant">
              {tenantLabel(s.info)}
              {s.info.tenantId && s.info.tenantId !== tenantLabel(s.info) ? ` (${s.info.tenantId})` : ''}
            </dd>
          </dl>
          {s.preflight?.problems.map((p) => (
            <MessageBar key={p.message} intent={p.severity === 'error' ? 'error' : 'warning'}>
              <MessageBarBody>
                <MessageBarTitle>
                  {p.severity === 'error' ? 'Uploads will not work yet' : 'Check this'}
                </MessageBarTitle>
                {p.message}
              </MessageBarBody>
            </MessageBar>
          ))}
          {s.preflight?.ok && s.preflight.problems.length === 0 && (
            <Text data-testid="preflight-ok">
              Permissions checked: this account can update profile photos.
            </Text>
          )}
          {s.info.demo ? (
            <Text>
              This is the built-in demo tenant: made-up people on this computer only. Nothing reaches
              Microsoft 365.
            </Text>
          ) : (
            <Text>
              {s.info.cachePersisted ? 'Headshot remembers this sign-in (encrypted).' : s.info.cacheNote}
            </Text>
          )}
          <div className={styles.row}>
            <Button appearance="primary" onClick={() => setScreen('import')}>
              Continue to Import
            </Button>
            <Button icon={<SignOutRegular />} onClick={() => void s.signOut()} disabled={s.busy !== null}>
              Sign out
            </Button>
          </div>
        </Card>
      ) : (
        <>
          <Card>
            <CardHeader
              header={<Text weight="semibold">New to Headshot?</Text>}
              description={
                <Text>
                  Try the whole flow on a demo tenant with made-up people and sample photos. It runs on this
                  computer only.
                </Text>
              }
            />
            <div className={styles.row}>
              <Button
                appearance="primary"
                icon={<PlayRegular />}
                onClick={() => void demo()}
                disabled={s.busy !== null}
              >
                Try the demo tenant
              </Button>
              {s.busy === 'demo' && <Spinner size="tiny" label="Starting the demo tenant…" />}
            </div>
          </Card>
          <Card>
            <CardHeader
              header={<Text weight="semibold">Your Microsoft 365 tenant</Text>}
              description={
                <Text>
                  Headshot needs an app registration with ProfilePhoto.ReadWrite.All and User.Read.All.{' '}
                  {/* A fixed learn.microsoft.com link; main checks it against the allowlist again. */}
                  <Link onClick={openGuide}>How to register the app</Link>
                </Text>
              }
            />
            <form
              className={styles.form}
              onSubmit={(e) => {
                e.preventDefault();
                void signIn();
              }}
            >
              <Field label="Cloud">
                <Dropdown
                  value={CLOUD_LABELS[form.cloud]}
                  selectedOptions={[form.cloud]}
                  onOptionSelect={(_, d) =>
                    d.optionValue && setForm({ ...form, cloud: d.optionValue as SignInInput['cloud'] })
                  }
                >
                  {(Object.keys(CLOUD_LABELS) as SignInInput['cloud'][]).map((c) => (
                    <Option key={c} value={c}>
                      {CLOUD_LABELS[c]}
                    </Option>
                  ))}
                </Dropdown>
              </Field>
              <Field label="Tenant" hint="Your domain (contoso.onmicrosoft.com) or tenant ID." required>
                <Input value={form.tenant} onChange={(_, d) => setForm({ ...form, tenant: d.value })} />
              </Field>
              <Field label="Client ID" hint="The Application (client) ID of the app registration." required>
                <Input value={form.clientId} onChange={(_, d) => setForm({ ...form, clientId: d.value })} />
              </Field>
              <Field label="Sign in with">
                <RadioGroup
                  value={form.mode}
                  onChange={(_, d) => setForm({ ...form, mode: d.value as SignInInput['mode'] })}
                >
                  <Radio value="interactive" label="The browser" />
                  <Radio value="device-code" label="A code on another device" />
                </RadioGroup>
              </Field>
              <div className={styles.row}>
                <Button
                  type="submit"
                  appearance="primary"
                  disabled={s.busy !== null || !form.tenant || !form.clientId}
                >
                  Sign in
                </Button>
                {s.busy === 'signin' && <Spinner size="tiny" label="Waiting for sign-in…" />}
              </div>
            </form>
            {s.deviceCode && (
              <MessageBar intent="info">
                <MessageBarBody>
                  <MessageBarTitle>Enter this code</MessageBarTitle>
                  <div className={styles.row}>
                    <span className={styles.code} data-testid="device-code">
                      {s.deviceCode.userCode}
                    </span>
                    <Button
                      icon={<CopyRegular />}
                      aria-label="Copy the code"
                      onClick={() => void navigator.clipboard.writeText(s.deviceCode?.userCode ?? '')}
                    />
                  </div>
                  <Text>{s.deviceCode.message}</Text>
                </MessageBarBody>
              </MessageBar>
            )}
          </Card>
          <Card>
            <CardHeader
              header={<Text weight="semibold">Taking the photos for someone else?</Text>}
              description="Match your photos to a list of names, check and crop them, and hand your Microsoft 365 admin a package. No sign-in."
            />
            <div className={styles.row}>
              <Button icon={<CameraRegular />} onClick={enterPrepare}>
                Prepare photos for an admin — no sign-in
              </Button>
            </div>
          </Card>
        </>
      )}
    </ScreenPage>
  );
}

/** Shown above every screen while the demo tenant is in use. */
export function DemoBanner() {
  const demo = useSessionStore((s) => s.info.demo && s.info.signedIn);
  if (!demo) return null;
  return (
    <MessageBar intent="warning" data-testid="demo-banner">
      <MessageBarBody>
        <MessageBarTitle>Demo tenant</MessageBarTitle>
        Made-up people and photos on this computer. Nothing here touches Microsoft 365.
      </MessageBarBody>
    </MessageBar>
  );
}
