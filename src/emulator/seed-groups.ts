/**
 * The seeded groups, derived from the users (so an explicit user list gets groups too): one security group per
 * department, "Sales EMEA" nested in "Sales" (Sales holds its other members directly), "All Staff" whose members
 * are the department groups, and "Project Falcon", a Microsoft 365 group with a guest. Nesting is a DAG: no
 * group contains itself through others. Deterministic by seed.
 */
import { createRng } from './random';
import { asciiSlug, OFFICE_SITES, TENANT_DOMAIN } from './seed';
import type { EmulatorGroup, EmulatorUser } from './types';

function group(
  id: string,
  displayName: string,
  members: string[],
  extra: Partial<EmulatorGroup> = {},
): EmulatorGroup {
  const nickname = asciiSlug(displayName.replace(/\s+/g, '-'));
  return {
    id,
    displayName,
    description: null,
    mail: null,
    mailEnabled: false,
    mailNickname: nickname,
    securityEnabled: true,
    groupTypes: [],
    members,
    ...extra,
  };
}

export function seedGroups(users: EmulatorUser[], seed: string | number = 'headshot'): EmulatorGroup[] {
  const rng = createRng(`groups:${seed}`);
  const members = users.filter((u) => u.userType !== 'Guest');
  const departments = [...new Set(members.map((u) => u.department).filter((d): d is string => !!d))];
  const groups: EmulatorGroup[] = [];
  const salesEmeaId = rng.guid();
  const departmentGroups = departments.map((department) => {
    const people = members.filter((u) => u.department === department);
    const isSales = department === 'Sales';
    const direct = isSales
      ? people.filter((u) => !OFFICE_SITES[u.officeLocation ?? '']?.emea).map((u) => u.id)
      : people.map((u) => u.id);
    return group(rng.guid(), department, isSales ? [...direct, salesEmeaId] : direct, {
      description: `Everyone in ${department}.`,
    });
  });
  const sales = departmentGroups.find((g) => g.displayName === 'Sales');
  groups.push(
    group(rng.guid(), 'All Staff', [...departmentGroups.map((g) => g.id)], {
      description: 'Every department (nested groups).',
      mail: `allstaff@${TENANT_DOMAIN}`,
      mailEnabled: true,
      mailNickname: 'allstaff',
    }),
    ...departmentGroups,
  );
  if (sales) {
    const emea = members.filter(
      (u) => u.department === 'Sales' && OFFICE_SITES[u.officeLocation ?? '']?.emea === true,
    );
    groups.push(
      group(
        salesEmeaId,
        'Sales EMEA',
        emea.map((u) => u.id),
        { description: 'Sales in Europe, the Middle East and Africa.' },
      ),
    );
  } else {
    for (const g of groups) g.members = g.members.filter((m) => m !== salesEmeaId);
  }
  const guests = users.filter((u) => u.userType === 'Guest').slice(0, 2);
  const falcon = [...members.slice(1, 6), ...guests].map((u) => u.id);
  groups.push(
    group(rng.guid(), 'Project Falcon', falcon, {
      description: 'Project team, with a partner from outside the company.',
      mail: `falcon@${TENANT_DOMAIN}`,
      mailEnabled: true,
      mailNickname: 'falcon',
      securityEnabled: false,
      groupTypes: ['Unified'],
    }),
  );
  return groups;
}
