import { EventEmitter } from 'node:events';
import type { App, Session, WebContents } from 'electron';

vi.mock('electron', () => ({}));
const { hardenSession, hardenWebContents, installGlobalHardening } = await import('./hardening');

type Callback = (...args: unknown[]) => unknown;

function fakeSession() {
  const handlers: Record<string, Callback> = {};
  const events = new EventEmitter();
  const session = {
    setPermissionRequestHandler: (fn: Callback) => (handlers.request = fn),
    setPermissionCheckHandler: (fn: Callback) => (handlers.check = fn),
    setDevicePermissionHandler: (fn: Callback) => (handlers.device = fn),
    on: (name: string, fn: Callback) => events.on(name, fn),
    webRequest: { onHeadersReceived: (fn: Callback) => (handlers.headers = fn) },
  };
  return { session: session as unknown as Session, handlers, events };
}

function fakeContents() {
  const events = new EventEmitter();
  let openHandler: Callback = () => undefined;
  const contents = {
    on: (name: string, fn: Callback) => events.on(name, fn),
    setWindowOpenHandler: (fn: Callback) => (openHandler = fn),
  };
  return {
    contents: contents as unknown as WebContents,
    events,
    open: (url: string) => openHandler({ url }),
  };
}

function navigationEvent() {
  return { preventDefault: vi.fn() };
}

const CSP = "default-src 'self'";
const origins = ['app://headshot'];

describe('session hardening', () => {
  it('denies every permission request and check', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session, { csp: CSP, origins });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      handlers.request?.({}, permission, callback, {});
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check?.({}, permission, 'app://headshot', {})).toBe(false);
    }
    expect(handlers.device?.({ deviceType: 'usb', origin: 'app://headshot' })).toBe(false);
  });

  it('cancels downloads', () => {
    const { session, events } = fakeSession();
    hardenSession(session, { csp: CSP, origins });
    const event = navigationEvent();
    events.emit('will-download', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('sets the CSP header on responses from our origin, replacing any other', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session, { csp: CSP, origins });
    const callback = vi.fn();
    handlers.headers?.(
      {
        url: 'app://headshot/index.html',
        responseHeaders: { 'content-security-policy': ['*'], 'x-a': ['1'] },
      },
      callback,
    );
    expect(callback).toHaveBeenCalledWith({
      // A test fixture, not a policy: the real one is asserted in protocols.test.ts.
      responseHeaders: { 'x-a': ['1'], 'Content-Security-Policy': [CSP] }, // eng-disable CSP_GLOBAL_CHECK
    });
    const other = vi.fn();
    handlers.headers?.({ url: 'https://graph.microsoft.com/v1.0/me', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});

describe('webContents hardening', () => {
  it('blocks navigation away from the app and hands the URL to the allowlisted opener', () => {
    const { contents, events } = fakeContents();
    const openAllowedLink = vi.fn();
    hardenWebContents(contents, { origins, openAllowedLink });

    const away = navigationEvent();
    events.emit('will-navigate', away, 'https://evil.example/phish');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(openAllowedLink).toHaveBeenCalledWith('https://evil.example/phish');

    const fileNav = navigationEvent();
    events.emit('will-navigate', fileNav, 'file:///etc/passwd');
    expect(fileNav.preventDefault).toHaveBeenCalled();

    const inside = navigationEvent();
    events.emit('will-navigate', inside, 'app://headshot/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('blocks redirects away from the app', () => {
    const { contents, events } = fakeContents();
    hardenWebContents(contents, { origins, openAllowedLink: vi.fn() });
    const redirect = navigationEvent();
    events.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
  });

  it('denies every window.open', () => {
    const { contents, open } = fakeContents();
    const openAllowedLink = vi.fn();
    hardenWebContents(contents, { origins, openAllowedLink });
    expect(open('https://learn.microsoft.com/')).toEqual({ action: 'deny' });
    expect(open('app://headshot/index.html')).toEqual({ action: 'deny' });
    expect(openAllowedLink).toHaveBeenCalledWith('https://learn.microsoft.com/');
  });

  it('refuses to attach webviews', () => {
    const { contents, events } = fakeContents();
    hardenWebContents(contents, { origins, openAllowedLink: vi.fn() });
    const event = navigationEvent();
    events.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('hardens every webContents the app creates', () => {
    const app = new EventEmitter();
    installGlobalHardening(app as unknown as App, { origins, openAllowedLink: vi.fn() });
    const { contents, open } = fakeContents();
    app.emit('web-contents-created', {}, contents);
    expect(open('https://evil.example/')).toEqual({ action: 'deny' });
  });
});
