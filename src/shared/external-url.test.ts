import { checkExternalUrl } from './external-url';

describe('checkExternalUrl', () => {
  it.each([
    'https://learn.microsoft.com/en-us/graph/api/profilephoto-update',
    'https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps',
    'https://entra.microsoft.com/',
  ])('allows %s', (url) => {
    expect(checkExternalUrl(url)).toEqual({ ok: true, url: new URL(url).href });
  });

  it.each([
    ['http://learn.microsoft.com/', 'only https'],
    ['file:///etc/passwd', 'only https'],
    ['ms-msdt:/id PCWDiagnostic', 'only https'],
    ['https://evil.example/', 'not on the allowlist'],
    ['https://learn.microsoft.com.evil.example/', 'not on the allowlist'],
    ['https://sub.learn.microsoft.com/', 'not on the allowlist'],
    ['https://user:pw@learn.microsoft.com/', 'credentials'],
    ['https://learn.microsoft.com:8443/', 'port'],
    ['not a url', 'not a valid URL'],
  ])('refuses %s', (url, reason) => {
    const check = checkExternalUrl(url);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(reason);
  });
});
