/** MSAL's INetworkModule over our own fetch, so the authority's CA is trusted by MSAL only (no global TLS change). */
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from './https-fetch';

export function createMsalNetworkClient(fetchImpl: FetchLike): INetworkModule {
  const send = async <T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeoutMs?: number,
  ): Promise<NetworkResponse<T>> => {
    const attempt = () =>
      fetchImpl(url, {
        method,
        headers: options?.headers ?? {},
        ...(method === 'POST' ? { body: options?.body ?? '' } : {}),
        ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}),
      });
    let response: Response;
    try {
      response = await attempt();
    } catch (error) {
      // A kept-alive socket closed by the server as we reused it: no response came, so one retry is safe.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE') throw error;
      response = await attempt();
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    const text = await response.text();
    let body: unknown = {};
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = {
          error: 'invalid_response',
          error_description: `Non-JSON response (HTTP ${response.status}).`,
        };
      }
    }
    return { headers, body: body as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
