import { resolveCloud } from './clouds';

describe('resolveCloud', () => {
  it.each([
    ['global', 'https://login.microsoftonline.com/contoso.com', 'https://graph.microsoft.com/'],
    ['usgov', 'https://login.microsoftonline.us/contoso.com', 'https://graph.microsoft.us/'],
    ['dod', 'https://login.microsoftonline.us/contoso.com', 'https://dod-graph.microsoft.us/'],
    ['china', 'https://login.chinacloudapi.cn/contoso.com', 'https://microsoftgraph.chinacloudapi.cn/'],
  ] as const)('%s', (cloud, authority, graph) => {
    const r = resolveCloud({ cloud, tenant: 'contoso.com' });
    expect(r.authority).toBe(authority);
    expect(r.graphBaseUrl).toBe(graph);
    expect(r.delegatedScopes).toEqual([`${graph}ProfilePhoto.ReadWrite.All`, `${graph}User.Read.All`]);
    expect(r.appScope).toBe(`${graph}.default`);
    expect(r.knownAuthorities).toEqual([]);
  });

  it('custom endpoints: known authority host:port, custom Graph host, version path dropped', () => {
    const r = resolveCloud({
      tenant: 't1',
      authority: 'https://127.0.0.1:8443/t1',
      graphUrl: 'https://127.0.0.1:8443/graph/v1.0',
    });
    expect(r).toMatchObject({
      cloud: 'custom',
      authority: 'https://127.0.0.1:8443/t1',
      graphBaseUrl: 'https://127.0.0.1:8443/graph/',
      knownAuthorities: ['127.0.0.1:8443'],
      customHosts: ['127.0.0.1'],
    });
    expect(
      resolveCloud({ tenant: 't1', authority: 'https://login.example', graphUrl: 'https://g.example' })
        .authority,
    ).toBe('https://login.example/t1');
  });

  it('rejects what MSAL or the Graph client would misuse', () => {
    expect(() =>
      resolveCloud({ tenant: 't', authority: 'http://127.0.0.1/t', graphUrl: 'https://x' }),
    ).toThrow(/https/);
    expect(() => resolveCloud({ tenant: 't', authority: 'https://a' })).toThrow(/--graph-url/);
    expect(() => resolveCloud({ tenant: '' })).toThrow(/tenant/);
    expect(() => resolveCloud({ tenant: 'a/b' })).toThrow(/not a tenant/);
  });
});
