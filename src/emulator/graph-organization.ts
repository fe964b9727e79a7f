/**
 * The tenant's own objects: GET /organization (verifiedDomains; delegated User.Read is enough, app-only needs
 * Organization.Read.All) and GET /domains (needs Domain.Read.All). learn.microsoft.com: "Get organization",
 * "List domains", "verifiedDomain resource type".
 */
import { jsonResponse, type EmuRequest, type EmuResponse } from './http-util';
import { TENANT_DOMAIN, TENANT_INITIAL_DOMAIN } from './seed';

const DOMAINS = [
  { name: TENANT_DOMAIN, isDefault: true, isInitial: false },
  { name: TENANT_INITIAL_DOMAIN, isDefault: false, isInitial: true },
];

/** $select on a single-level object: the listed properties (and id) only. */
function selectFields(req: EmuRequest, record: Record<string, unknown>): Record<string, unknown> {
  const raw = req.query.get('$select');
  if (!raw) return record;
  const wanted = new Set(['id', ...raw.split(',').map((s) => s.trim())]);
  return Object.fromEntries(Object.entries(record).filter(([key]) => wanted.has(key)));
}

export function organizationResponse(req: EmuRequest, tenantId: string, graphRoot: string): EmuResponse {
  const organization = {
    id: tenantId,
    displayName: 'Contoso (Headshot demo tenant)',
    tenantType: 'AAD',
    verifiedDomains: DOMAINS.map((d) => ({
      ...d,
      type: 'Managed',
      capabilities: d.isInitial ? 'Email, OfficeCommunicationsOnline' : 'Email',
    })),
  };
  return jsonResponse(200, {
    '@odata.context': `${graphRoot}v1.0/$metadata#organization`,
    value: [selectFields(req, organization)],
  });
}

export function domainsResponse(req: EmuRequest, graphRoot: string): EmuResponse {
  return jsonResponse(200, {
    '@odata.context': `${graphRoot}v1.0/$metadata#domains`,
    value: DOMAINS.map((d) =>
      selectFields(req, {
        id: d.name,
        authenticationType: 'Managed',
        isDefault: d.isDefault,
        isInitial: d.isInitial,
        isRoot: true,
        isVerified: true,
        supportedServices: ['Email', 'OfficeCommunicationsOnline'],
      }),
    ),
  });
}
