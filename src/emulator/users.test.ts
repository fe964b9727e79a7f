// The real Graph client against the emulator's directory: paging, $select, every $filter form, the 400s, delta.
import {
  type Client,
  PageIterator,
  type GraphError,
  type PageCollection,
} from '@microsoft/microsoft-graph-client';
import { appOnlyGraphClient, emulatorFetch } from './client';
import { startEmulator } from './server';
import type { Emulator, EmulatorUser } from './types';

let emu: Emulator;
let client: Client;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ seed: 'users-tests', users: 2500 });
  ({ client, token } = await appOnlyGraphClient(emu));
});
afterAll(() => emu.stop());

async function graphErrorOf(promise: Promise<unknown>): Promise<GraphError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphError;
  }
  throw new Error('expected the Graph call to fail');
}

type Listed = { id: string; userPrincipalName: string; displayName?: string };

async function all(filter: string, advanced = false): Promise<Listed[]> {
  let request = client.api('/users').select('id,userPrincipalName,displayName').top(999).filter(filter);
  if (advanced) request = request.header('ConsistencyLevel', 'eventual').count(true);
  const first = (await request.get()) as PageCollection;
  const out: Listed[] = [];
  await new PageIterator(client, first, (item: Listed) => {
    out.push(item);
    return true;
  }).iterate();
  return out;
}

const upns = (users: { userPrincipalName: string }[]) => users.map((u) => u.userPrincipalName).sort();
const expected = (pred: (u: EmulatorUser) => boolean) => upns(emu.users().filter(pred));

describe('paging', () => {
  it('PageIterator walks 2,500 users in pages of 999 by absolute nextLinks', async () => {
    const first = (await client
      .api('/users')
      .select('id,userPrincipalName')
      .top(999)
      .get()) as PageCollection;
    expect(first.value).toHaveLength(999);
    expect(first['@odata.nextLink']).toMatch(
      new RegExp(`^${emu.graphBaseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}v1\\.0/users\\?`),
    );
    expect(first['@odata.nextLink']).toContain('$skiptoken=');
    const ids: string[] = [];
    await new PageIterator(client, first, (user: { id: string }) => {
      ids.push(user.id);
      return true;
    }).iterate();
    expect(ids).toHaveLength(2500);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toEqual(emu.users().map((u) => u.id));
    const pages = emu.requests().filter((r) => r.path === '/v1.0/users' && r.query.includes('$top=999'));
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('$select: employeeId and proxyAddresses only when asked; default projection otherwise', async () => {
    const plain = (await client.api('/users').top(1).get()) as { value: Record<string, unknown>[] };
    expect(Object.keys(plain.value[0]!).sort()).toEqual(
      [
        'businessPhones',
        'displayName',
        'givenName',
        'id',
        'jobTitle',
        'mail',
        'mobilePhone',
        'officeLocation',
        'preferredLanguage',
        'surname',
        'userPrincipalName',
      ].sort(),
    );
    const selected = (await client.api('/users').select('id,employeeId,proxyAddresses').top(1).get()) as {
      value: Record<string, unknown>[];
    };
    expect(Object.keys(selected.value[0]!)).toEqual(['id', 'employeeId', 'proxyAddresses']);
    const bad = await graphErrorOf(client.api('/users').select('id,shoeSize').get());
    expect(bad.statusCode).toBe(400);
    expect(bad.message).toContain("Could not find a property named 'shoeSize'");
  });

  it('$top must be 1..999', async () => {
    for (const top of [0, 1000]) {
      const error = await graphErrorOf(client.api('/users').top(top).get());
      expect(error.statusCode).toBe(400);
      expect(error.code).toBe('Request_UnsupportedQuery');
    }
  });
});

describe('$filter', () => {
  it('eq on UPN and mail (case-insensitive), diacritics and apostrophes', async () => {
    expect(upns(await all("userPrincipalName eq 'JOSE.GARCIA@contoso.com'"))).toEqual([
      'jose.garcia@contoso.com',
    ]);
    expect(upns(await all("mail eq 'jgarcia@contoso.com'"))).toEqual(['jose.garcia@contoso.com']);
    expect(upns(await all("displayName eq 'Zoë Müller'"))).toEqual(
      expected((u) => u.displayName === 'Zoë Müller'),
    );
    expect(upns(await all("surname eq 'O''Brien'"))).toEqual(expected((u) => u.surname === "O'Brien"));
    expect(expected((u) => u.surname === "O'Brien").length).toBeGreaterThan(0);
  });

  it('startsWith, in, booleans, and the any() lambda on proxyAddresses', async () => {
    const chris = await all("startsWith(displayName,'Chris Lee')");
    expect(upns(chris)).toEqual(expected((u) => (u.displayName ?? '').toLowerCase().startsWith('chris lee')));
    expect(upns(chris)).toEqual(
      expect.arrayContaining(['chris.lee@contoso.com', 'christopher.lee@contoso.com']),
    );
    expect(upns(await all("employeeId in ('000123','0042')"))).toEqual([
      'jose.garcia@contoso.com',
      'lukasz.wisniewski@contoso.com',
    ]);
    expect(upns(await all('accountEnabled eq false'))).toEqual(expected((u) => u.accountEnabled === false));
    expect(upns(await all("userType eq 'Guest'"))).toEqual(expected((u) => u.userType === 'Guest'));
    expect(upns(await all("proxyAddresses/any(p:p eq 'smtp:zoe.mueller@contoso.com')"))).toEqual([
      'zoe.muller@contoso.com',
    ]);
    expect(upns(await all("proxyAddresses/any(x:startsWith(x,'SMTP:jgarcia@'))"))).toEqual([
      'jose.garcia@contoso.com',
    ]);
    expect(upns(await all("startsWith(givenName,'Søren') and employeeId eq '220017'"))).toEqual([
      'soren.ostergaard@contoso.com',
    ]);
    expect(upns(await all("employeeId eq '000123' or employeeId eq '000777'"))).toEqual([
      'anais.lefevre@contoso.com',
      'jose.garcia@contoso.com',
    ]);
  });

  it('endsWith, ne, not and null need ConsistencyLevel: eventual + $count=true, else 400 Request_UnsupportedQuery', async () => {
    const cases: [string, (u: EmulatorUser) => boolean][] = [
      ["endsWith(mail,'@fabrikam.com')", (u) => (u.mail ?? '').toLowerCase().endsWith('@fabrikam.com')],
      ["userType ne 'Member'", (u) => u.userType !== 'Member'],
      ["not(startsWith(displayName,'C'))", (u) => !(u.displayName ?? '').toLowerCase().startsWith('c')],
      ['mail eq null', (u) => u.mail === null || u.mail === undefined],
    ];
    for (const [filter, predicate] of cases) {
      const error = await graphErrorOf(client.api('/users').filter(filter).get());
      expect(error.statusCode, filter).toBe(400);
      expect(error.code, filter).toBe('Request_UnsupportedQuery');
      expect(error.message, filter).toContain("'ConsistencyLevel:eventual' header is missing");
      const withHeaderOnly = await graphErrorOf(
        client.api('/users').header('ConsistencyLevel', 'eventual').filter(filter).get(),
      );
      expect(withHeaderOnly.statusCode, filter).toBe(400);
      expect(upns(await all(filter, true)), filter).toEqual(expected(predicate));
    }
    const counted = (await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .count(true)
      .filter("endsWith(mail,'@fabrikam.com')")
      .get()) as { '@odata.count': number };
    expect(counted['@odata.count']).toBe(
      expected((u) => (u.mail ?? '').toLowerCase().endsWith('@fabrikam.com')).length,
    );
  });

  it('unknown properties, unsupported operators and syntax errors are 400s', async () => {
    const unknown = await graphErrorOf(client.api('/users').filter("shoeSize eq '9'").get());
    expect(unknown.statusCode).toBe(400);
    expect(unknown.message).toContain("Could not find a property named 'shoeSize'");
    const unsupported = await graphErrorOf(client.api('/users').filter("startsWith(id,'a')").get());
    expect(unsupported.statusCode).toBe(400);
    expect(unsupported.code).toBe('Request_UnsupportedQuery');
    const syntax = await graphErrorOf(client.api('/users').filter("displayName eq 'unterminated").get());
    expect(syntax.statusCode).toBe(400);
    expect(syntax.message).toContain('Invalid filter clause');
  });

  it('$count and $search need ConsistencyLevel: eventual', async () => {
    expect((await graphErrorOf(client.api('/users').count(true).get())).statusCode).toBe(400);
    const noHeader = await graphErrorOf(client.api('/users').search('"displayName:zoë"').get());
    expect(noHeader.code).toBe('Request_UnsupportedQuery');
    const found = (await client
      .api('/users')
      .header('ConsistencyLevel', 'eventual')
      .search('"displayName:zoë"')
      .select('displayName')
      .get()) as {
      value: { displayName: string }[];
    };
    expect(found.value.length).toBeGreaterThan(0);
    expect(found.value.every((u) => u.displayName.toLowerCase().includes('zoë'))).toBe(true);
    const count = (await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get()) as unknown;
    expect(String(count)).toBe('2500');
  });
});

describe('single users and delta', () => {
  it('gets a user by id or UPN (guest #EXT# encoded as %23); unknown users are 404 Request_ResourceNotFound', async () => {
    const guest = emu.users().find((u) => u.userPrincipalName.includes('#EXT#'))!;
    const byUpn = (await client
      .api(`/users/${encodeURIComponent(guest.userPrincipalName)}`)
      .select('id,userType')
      .get()) as { id: string; userType: string };
    expect(byUpn).toMatchObject({ id: guest.id, userType: 'Guest' });
    const byId = (await client.api(`/users/${guest.id}`).get()) as { userPrincipalName: string };
    expect(byId.userPrincipalName).toBe(guest.userPrincipalName);
    const missing = await graphErrorOf(client.api('/users/nobody@contoso.com').get());
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('Request_ResourceNotFound');
  });

  it('delta: a full round ending in a deltaLink, then only changes and @removed', async () => {
    const seen: string[] = [];
    let response = (await client.api('/users/delta').select('id,displayName').get()) as Record<
      string,
      unknown
    > & { value: { id: string }[] };
    for (;;) {
      seen.push(...response.value.map((u) => u.id));
      const next = response['@odata.nextLink'] as string | undefined;
      if (!next) break;
      response = (await client.api(next).get()) as typeof response;
    }
    expect(new Set(seen).size).toBe(2500);
    const deltaLink = response['@odata.deltaLink'] as string;
    expect(deltaLink).toContain('$deltatoken=');

    const [a, b] = emu.users().slice(100, 102) as [EmulatorUser, EmulatorUser];
    emu.updateUser(a.id, { displayName: 'Renamed Person' });
    emu.deleteUser(b.id);
    emu.addUser({
      id: '00000000-0000-4000-8000-000000000001',
      userPrincipalName: 'new.hire@contoso.com',
      displayName: 'New Hire',
      accountEnabled: true,
      userType: 'Member',
    });
    const changes = (await client.api(deltaLink).get()) as {
      value: Record<string, unknown>[];
      '@odata.deltaLink'?: string;
    };
    expect(changes.value).toEqual(
      expect.arrayContaining([
        { id: a.id, displayName: 'Renamed Person' },
        { id: '00000000-0000-4000-8000-000000000001', displayName: 'New Hire' },
        { '@odata.type': '#microsoft.graph.user', id: b.id, '@removed': { reason: 'changed' } },
      ]),
    );
    expect(changes.value).toHaveLength(3);
    expect(changes['@odata.deltaLink']).toBeTruthy();
    const quiet = (await client.api(changes['@odata.deltaLink']!).get()) as { value: unknown[] };
    expect(quiet.value).toHaveLength(0);
  });
});

describe('the tenant: /organization and /domains', () => {
  it('app-only with the least-privilege roles may read neither; with Organization.Read.All it gets the verified domains', async () => {
    expect((await graphErrorOf(client.api('/domains').get())).statusCode).toBe(403);
    expect((await graphErrorOf(client.api('/organization').get())).statusCode).toBe(403);

    const wider = await startEmulator({
      seed: 'org',
      users: 10,
      grantedScopes: ['User.Read.All', 'Organization.Read.All', 'Domain.Read.All'],
    });
    try {
      const { client: c } = await appOnlyGraphClient(wider);
      const org = (await c.api('/organization').select('verifiedDomains').get()) as {
        value: {
          id: string;
          displayName?: string;
          verifiedDomains: { name: string; isInitial: boolean }[];
        }[];
      };
      expect(org.value[0]!.id).toBe(wider.tenantId);
      expect(org.value[0]!.displayName).toBeUndefined();
      expect(org.value[0]!.verifiedDomains.map((d) => [d.name, d.isInitial])).toEqual([
        ['contoso.com', false],
        ['contoso.onmicrosoft.com', true],
      ]);
      const domains = (await c.api('/domains').get()) as { value: { id: string; isVerified: boolean }[] };
      expect(domains.value.map((d) => d.id)).toEqual(['contoso.com', 'contoso.onmicrosoft.com']);
      expect(domains.value.every((d) => d.isVerified)).toBe(true);
    } finally {
      await wider.stop();
    }
  });
});

// Raw requests, so the query option names reach the emulator exactly as written.
async function raw(pathAndQuery: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = pathAndQuery.startsWith('https:') ? pathAndQuery : `${emu.graphBaseUrl}v1.0${pathAndQuery}`;
  const response = await emulatorFetch(emu.caCertPem)(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('delta forms and query option names', () => {
  it.each(['$deltatoken', '$deltaToken', '$DeltaToken', '$DELTATOKEN'])(
    '%s=latest: no users and a deltaLink that keeps $select and sees only later changes',
    async (name) => {
      const latest = await raw(`/users/delta?$select=id,jobTitle&${name}=latest`);
      expect(latest.status).toBe(200);
      expect(latest.body.value).toEqual([]);
      expect(latest.body['@odata.nextLink']).toBeUndefined();
      const deltaLink = latest.body['@odata.deltaLink'] as string;
      expect(deltaLink).toMatch(/\/users\/delta\?\$select=id,jobTitle&\$deltatoken=/);
      expect(deltaLink).not.toContain('latest');

      const user = emu.users()[7]!;
      emu.updateUser(user.id, { jobTitle: `Title after ${name}` });
      const changes = await raw(deltaLink);
      expect(changes.body.value).toEqual([{ id: user.id, jobTitle: `Title after ${name}` }]);
    },
  );

  it('/users/delta(), /users/microsoft.graph.delta and /users/delta answer the same first page', async () => {
    const pages = await Promise.all(
      [
        '/users/delta',
        '/users/delta()',
        '/users/microsoft.graph.delta',
        '/users/microsoft.graph.delta()',
      ].map((path) => raw(`${path}?$select=id`)),
    );
    const ids = pages.map((p) => (p.body.value as { id: string }[]).map((u) => u.id));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(ids[0]).toHaveLength(200);
    for (const other of ids.slice(1)) expect(other).toEqual(ids[0]);
    const next = pages[1]!.body['@odata.nextLink'] as string;
    expect((await raw(next)).body.value).toHaveLength(200);
    expect((await raw('/users/deltas?$select=id')).status).toBe(404);
  });

  it('system query option names are case-insensitive on /users; the same option twice is a 400', async () => {
    const page = await raw('/users?$Select=id,displayName&$TOP=3');
    expect(page.status).toBe(200);
    const value = page.body.value as Record<string, unknown>[];
    expect(value).toHaveLength(3);
    expect(Object.keys(value[0]!).sort()).toEqual(['displayName', 'id']);
    const next = page.body['@odata.nextLink'] as string;
    expect(next).toContain('$select=id,displayName&$top=3&$skiptoken=');
    const second = await raw(next.replace('$skiptoken=', '$SkipToken='));
    expect((second.body.value as { id: string }[])[0]!.id).not.toBe(value[0]!.id);
    const twice = await raw('/users?$top=2&$TOP=3');
    expect(twice.status).toBe(400);
    expect(twice.body.error).toMatchObject({ code: 'Request_BadRequest' });
  });
});
