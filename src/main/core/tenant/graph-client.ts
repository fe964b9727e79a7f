/**
 * The Microsoft Graph client factory: base URL per cloud, customHosts (the SDK attaches tokens only to Microsoft's
 * Graph hosts or listed custom hosts, and only over https), our CA-trusting fetch as the last middleware, and
 * explicit RetryHandler settings.
 *
 * Retries: the upload scheduler (src/main/core/runs/scheduler.ts) owns them, so the default here is maxRetries 0. The
 * SDK's RetryHandler would retry 429/503/504 inside one "request" where the scheduler cannot see it: it could not
 * count the attempt, hold the per-mailbox slot honestly, slow the global rate, or pause every worker until a
 * Retry-After has passed. See docs/upload-engine.md.
 */
import {
  AuthenticationHandler,
  Client,
  RedirectHandler,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type Context,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { ResolvedCloud } from './clouds';
import type { FetchLike } from './https-fetch';

export interface GraphClientOptions {
  cloud: Pick<ResolvedCloud, 'graphBaseUrl' | 'customHosts'>;
  /** Called for each request; the AuthSession caches and refreshes. */
  getAccessToken: () => Promise<string>;
  fetch: FetchLike;
  /** SDK RetryHandler: default 0 retries (the scheduler owns retries). */
  retry?: { maxRetries: number; delaySeconds?: number };
}

/** The final middleware: sends the request with our fetch instead of the global one. */
class FetchHandler implements Middleware {
  constructor(private readonly fetchImpl: FetchLike) {}
  async execute(context: Context): Promise<void> {
    context.response = await this.fetchImpl(context.request, context.options);
  }
}

export function createGraphClient(options: GraphClientOptions): Client {
  const auth = new AuthenticationHandler({ getAccessToken: () => options.getAccessToken() });
  const retry = new RetryHandler(
    new RetryHandlerOptions(options.retry?.delaySeconds ?? 3, options.retry?.maxRetries ?? 0),
  );
  const redirect = new RedirectHandler();
  const telemetry = new TelemetryHandler();
  const send = new FetchHandler(options.fetch);
  auth.setNext(retry);
  retry.setNext(redirect);
  redirect.setNext(telemetry);
  telemetry.setNext(send);
  return Client.initWithMiddleware({
    middleware: auth,
    baseUrl: options.cloud.graphBaseUrl.replace(/\/+$/, ''),
    defaultVersion: 'v1.0',
    customHosts: new Set(options.cloud.customHosts),
  });
}
