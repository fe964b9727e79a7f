/**
 * The allowlist for links the app opens in the user's browser (shell.openExternal). Only parsed https URLs on
 * these exact hosts, default port, no credentials: a compromised renderer must not turn the app into a launcher
 * for arbitrary URLs or protocol handlers (file:, smb:, ms-msdt: ...).
 */
export const EXTERNAL_HOSTS: readonly string[] = [
  'learn.microsoft.com',
  'portal.azure.com',
  'entra.microsoft.com',
  'admin.microsoft.com',
  // Interactive sign-in opens the national clouds' Entra sign-in pages in the system browser (MSAL's loopback flow).
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
];

export type ExternalUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function checkExternalUrl(raw: string, hosts: readonly string[] = EXTERNAL_HOSTS): ExternalUrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:')
    return { ok: false, reason: `only https links open externally (got ${url.protocol})` };
  if (url.username || url.password) return { ok: false, reason: 'links with credentials are refused' };
  if (url.port) return { ok: false, reason: 'links with an explicit port are refused' };
  if (!hosts.includes(url.hostname)) return { ok: false, reason: `${url.hostname} is not on the allowlist` };
  return { ok: true, url: url.href };
}
