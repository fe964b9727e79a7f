/**
 * Pure redaction for everything that goes into a log or the diagnostics: secrets are replaced by a marker before
 * any line is written, so no sink (file, console, recent errors) can ever hold a token, a secret, an
 * authorization header or image bytes. Patterns are deliberately broad: a false positive costs a word of a log.
 */

export const REDACTED = '<redacted>';

/**
 * Field names whose value is a secret whatever it looks like (compared lower-case, without `_` or `-`). A bare
 * `code` is not among them: error codes are what a support ticket needs; an OAuth code travels in a form or URL,
 * which the text rules catch.
 */
const SECRET_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'secret',
  'clientsecret',
  'clientassertion',
  'assertion',
  'password',
  'privatekey',
  'codeverifier',
  'devicecode',
  'sessionkey',
]);

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_KEYS.has(k) || k.endsWith('token') || k.endsWith('secret') || k.endsWith('password');
}

const FORM_KEYS =
  'access_token|refresh_token|id_token|client_secret|client_assertion|assertion|code|code_verifier|device_code|password|token';

const RULES: [RegExp, string | ((...m: string[]) => string)][] = [
  // PEM blocks: certificates and private keys.
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, '<pem block>'],
  // Authorization / Cookie headers as text ("Authorization: Bearer x", "authorization=...").
  [/\b((?:proxy-)?authorization|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^\r\n"',}]+/gi, `$1$2${REDACTED}`],
  // A bearer or basic credential anywhere else.
  [/\b(?:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '<credential>'],
  // JWT-shaped strings (header.payload[.signature], the header always starts with eyJ: base64 of '{"').
  [/eyJ[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){1,2}/g, '<jwt>'],
  [/eyJ[A-Za-z0-9_-]{10,}/g, '<jwt>'],
  // Secrets in JSON text: "access_token":"...", "clientSecret": "...".
  [
    /("(?:[A-Za-z]*_)?(?:access_?token|refresh_?token|id_?token|client_?secret|client_?assertion|secret|password|device_?code|code_?verifier)")(\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
    `$1$2"${REDACTED}"`,
  ],
  // Form and query fields: code=..., client_assertion=..., refresh_token=...
  [new RegExp(`(^|[^A-Za-z0-9_])(${FORM_KEYS})=[^&\\s"']+`, 'gi'), `$1$2=${REDACTED}`],
];

/** Text with every secret shape replaced, and binary (image bytes decoded as text) summarised. */
export function redactText(text: string): string {
  if (looksBinary(text)) return `<${text.length} chars of binary>`;
  let out = text;
  for (const [pattern, replacement] of RULES) {
    out = out.replace(pattern, replacement as string);
  }
  return out;
}

/** Image bytes read as latin1/utf8 text: a JPEG/PNG signature, or mostly control and replacement characters. */
function looksBinary(text: string): boolean {
  if (text.includes('\xFF\xD8\xFF') || text.includes('\x89PNG\r\n')) return true;
  if (text.length < 32) return false;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd / text.length > 0.1;
}

const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

/**
 * A copy of any value safe to log: secret-named fields masked, strings through redactText, bytes as "<n bytes>",
 * errors as { name, message, code, stack }, cycles and depth cut.
 */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : typeof value === 'function' ? '<function>' : value;
  }
  if (value instanceof ArrayBuffer) return `<${value.byteLength} bytes>`;
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (seen.has(value)) return '<cycle>';
  if (depth >= MAX_DEPTH) return '<…>';
  seen.add(value);
  if (value instanceof Error) {
    const e = value as Error & {
      code?: unknown;
      errorCode?: unknown;
      status?: unknown;
      statusCode?: unknown;
    };
    const out: Record<string, unknown> = { name: e.name, message: redactText(e.message) };
    for (const k of ['code', 'errorCode', 'status', 'statusCode'] as const) {
      if (e[k] !== undefined) out[k] = redactValue(e[k], depth + 1, seen);
    }
    if (e.stack) out.stack = redactText(e.stack);
    if (e.cause !== undefined) out.cause = redactValue(e.cause, depth + 1, seen);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map) return redactValue(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return redactValue([...value], depth, seen);
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactValue(v, depth + 1, seen));
    if (value.length > MAX_ITEMS) items.push(`<${value.length - MAX_ITEMS} more>`);
    return items;
  }
  if (typeof Headers !== 'undefined' && value instanceof Headers) {
    return redactValue(Object.fromEntries(value.entries()), depth, seen);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isSecretKey(k) && v !== null && v !== undefined && v !== ''
        ? REDACTED
        : redactValue(v, depth + 1, seen);
  }
  return out;
}
