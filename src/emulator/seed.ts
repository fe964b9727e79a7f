/**
 * The seeded demo tenant: deterministic by seed, realistic and multilingual. The first users are hand-written
 * edge cases every matcher must handle (diacritics, apostrophes, hyphens, a shared display name, leading-zero
 * employee IDs, guests, disabled accounts, no mailbox); the rest are generated from name pools.
 */
import { createRng, type Rng } from './random';
import type { EmulatorUser } from './types';

export const TENANT_DOMAIN = 'contoso.com';
export const TENANT_INITIAL_DOMAIN = 'contoso.onmicrosoft.com';
/** How many distinct synthesised "existing" photos seeded users share. */
export const SEED_PHOTO_VARIANTS = 6;
export const MAX_SEED_USERS = 200_000;

const FIRST_NAMES = [
  'José',
  'Zoë',
  'Łukasz',
  'Søren',
  'Anaïs',
  'Björn',
  'Chloé',
  'Dávid',
  'Émile',
  'François',
  'Gökhan',
  'Håkon',
  'Ingrid',
  'Jürgen',
  'Katarzyna',
  'Léa',
  'Miloš',
  'Núria',
  'Oğuz',
  'Paweł',
  'Renée',
  'Siobhán',
  'Tomás',
  'Ümit',
  'Vojtěch',
  'Wiktoria',
  'Yasmín',
  'Žofia',
  'Aiko',
  'Wei',
  'Priya',
  'Arjun',
  'Fatima',
  'Mohammed',
  'Olusegun',
  'Ngozi',
  'Kwame',
  'Amara',
  'Mateo',
  'Valentina',
  'Liam',
  'Emma',
  'Noah',
  'Olivia',
  'Lucas',
  'Mia',
  'Ethan',
  'Sofia',
  'Hiroshi',
  'Yuki',
  'Min-jun',
  'Seo-yeon',
  'Thanh',
  'Linh',
  'Rafael',
  'Camila',
  'Jean-Luc',
  'Marie-Claire',
  'Anne-Sophie',
  'Chris',
  'Alex',
  'Sam',
  'Dmitri',
  'Olga',
  'Ahmet',
  'Elif',
  'Giulia',
  'Marco',
  'Kai',
  'Freya',
] as const;

const LAST_NAMES = [
  'García',
  'Müller',
  'Wiśniewski',
  'Østergaard',
  "O'Brien",
  "D'Angelo",
  'Smith-Jones',
  'Nguyễn',
  'Kowalczyk',
  'Schröder',
  'Fernández',
  'Gonçalves',
  'Håland',
  'Núñez',
  'Dvořák',
  'Öztürk',
  'Jiménez',
  'Lefèvre',
  'Brontë',
  'Çelik',
  'Sørensen',
  'Ångström',
  'Ó Súilleabháin',
  'MacLeod',
  'van der Berg',
  'de la Cruz',
  'Kim',
  'Lee',
  'Park',
  'Tanaka',
  'Suzuki',
  'Wang',
  'Li',
  'Zhang',
  'Patel',
  'Sharma',
  'Okafor',
  'Adeyemi',
  'Mensah',
  'Haddad',
  'Rossi',
  'Bianchi',
  'Johnson',
  'Williams',
  'Brown',
  'Taylor',
  'Martin',
  'Dubois',
  'Novak',
  'Horváth',
  'Nowak',
  'Ivanova',
  'Petrov',
  'Papadopoulos',
  'Yılmaz',
  'Lindqvist',
  'Virtanen',
  'Jensen',
  'Hansen',
  'Silva',
  'Santos',
  'Pereira',
  'Al-Sayed',
  'Ben-David',
  'Lloyd-Webber',
  'Fitzgerald',
  'Nakamura',
  'Choi',
  'Rahman',
  'Costa',
] as const;

const DEPARTMENTS = [
  'Sales',
  'Marketing',
  'Engineering',
  'Finance',
  'Legal',
  'Human Resources',
  'Operations',
  'Support',
];
const TITLES = [
  'Analyst',
  'Engineer',
  'Manager',
  'Specialist',
  'Director',
  'Coordinator',
  'Consultant',
  'Associate',
];
const OFFICES = [
  'Seattle',
  'London',
  'Kraków',
  'København',
  'São Paulo',
  'München',
  'Tokyo',
  'Lagos',
  'Dublin',
];

/** Where each office is: the country (Graph's free-text `country`) and the legal entity (`companyName`). */
export const OFFICE_SITES: Record<string, { country: string; company: string; emea: boolean }> = {
  Seattle: { country: 'United States', company: 'Contoso Inc.', emea: false },
  London: { country: 'United Kingdom', company: 'Contoso Ltd', emea: true },
  Kraków: { country: 'Poland', company: 'Contoso Polska sp. z o.o.', emea: true },
  København: { country: 'Denmark', company: 'Contoso Danmark ApS', emea: true },
  'São Paulo': { country: 'Brazil', company: 'Contoso Brasil Ltda.', emea: false },
  München: { country: 'Germany', company: 'Contoso GmbH', emea: true },
  Tokyo: { country: 'Japan', company: 'Contoso Japan K.K.', emea: false },
  Lagos: { country: 'Nigeria', company: 'Contoso Nigeria Ltd', emea: true },
  Dublin: { country: 'Ireland', company: 'Contoso Ltd', emea: true },
};

/**
 * Licence SKUs the seed assigns (skuId values from "Product names and service plan identifiers for licensing",
 * learn.microsoft.com/entra/identity/users/licensing-service-plan-reference).
 */
export const SEED_SKUS = {
  /** Microsoft 365 E3 (SPE_E3). */
  e3: '05e9a617-0261-4cee-bb44-138d3ef5d965',
  /** Microsoft 365 E5 (SPE_E5). */
  e5: '06ebc4ee-1bb5-47dd-8120-11324bc54e06',
  /** Microsoft 365 F3 (SPE_F1). */
  f3: '66b55226-6b4f-492c-910c-a3b7a3c9d993',
} as const;

/** ASCII mailbox local part from a name: strips diacritics, apostrophes and spaces; keeps hyphens. */
export function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/Ø/g, 'O')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/ı/g, 'i')
    .replace(/đ/g, 'd')
    .replace(/['’\s]/g, '')
    .replace(/[^A-Za-z0-9.-]/g, '')
    .toLowerCase();
}

interface Draft {
  given: string;
  sur: string;
  /** UPN local part; made unique by the generator. */
  local?: string;
  mailLocal?: string | null;
  employeeId?: string | null;
  guestFrom?: string;
  disabled?: boolean;
  noMailbox?: boolean;
  photo?: boolean;
  roles?: string[];
  display?: string;
  extraAliases?: string[];
  /** Fixed details, where the demo needs them (two people of one name told apart); else drawn from the pools. */
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
}

/** The hand-written edge cases, in order; a tenant of N users starts with the first N of these. */
const SPECIAL_USERS: Draft[] = [
  {
    given: 'Megan',
    sur: 'Bowen',
    local: 'admin',
    display: 'Megan Bowen (Admin)',
    roles: ['Global Administrator'],
    employeeId: '000001',
  },
  { given: 'José', sur: 'García', mailLocal: 'jgarcia', photo: true, employeeId: '000123' },
  { given: 'Zoë', sur: 'Müller', extraAliases: ['zoe.mueller'], employeeId: '104411' },
  { given: 'Łukasz', sur: 'Wiśniewski', employeeId: '0042' },
  { given: 'Søren', sur: 'Østergaard', photo: true, employeeId: '220017' },
  { given: 'Siobhán', sur: "O'Brien", extraAliases: ["siobhan.o'brien"], employeeId: '310001' },
  { given: 'Mary-Jane', sur: 'Smith-Jones', employeeId: '310002' },
  // One name, two people: Review tells them apart by department, title and office.
  {
    given: 'Chris',
    sur: 'Lee',
    local: 'chris.lee',
    employeeId: '400100',
    jobTitle: 'Account Manager',
    department: 'Sales',
    officeLocation: 'Seattle',
  },
  {
    given: 'Chris',
    sur: 'Lee',
    local: 'christopher.lee',
    mailLocal: 'chris.lee2',
    employeeId: '400200',
    jobTitle: 'Engineer',
    department: 'Engineering',
    officeLocation: 'London',
  },
  { given: 'Pat', sur: 'Kowalski', guestFrom: 'fabrikam.com' },
  { given: 'Ingrid', sur: 'Håland', disabled: true, employeeId: '500001' },
  { given: 'Kwame', sur: 'Mensah', noMailbox: true, employeeId: '600001' },
  { given: 'Anaïs', sur: 'Lefèvre', photo: true, mailLocal: 'anais.lefevre', employeeId: '000777' },
];

const slugCache = new Map<string, string>();
function slug(text: string): string {
  let value = slugCache.get(text);
  if (value === undefined) {
    value = asciiSlug(text);
    slugCache.set(text, value);
  }
  return value;
}

/** Taken mailbox local parts, with the next numeric suffix to try per base (so 100,000 users stay linear). */
interface LocalParts {
  used: Set<string>;
  next: Map<string, number>;
}

function uniqueLocal(base: string, parts: LocalParts): string {
  let local = base;
  let n = parts.next.get(base) ?? 2;
  while (parts.used.has(local)) local = `${base}${n++}`;
  parts.next.set(base, n);
  parts.used.add(local);
  return local;
}

function userFrom(d: Draft, rng: Rng, index: number, parts: LocalParts): EmulatorUser {
  const display = d.display ?? `${d.given} ${d.sur}`;
  let base = d.local ?? `${slug(d.given)}.${slug(d.sur)}`;
  if (!base || base === '.') base = `user${index}`;
  const local = uniqueLocal(base, parts);

  const id = rng.guid();
  if (d.guestFrom) {
    const externalMail = `${local}@${d.guestFrom}`;
    return {
      id,
      userPrincipalName: `${local}_${d.guestFrom}#EXT#@${TENANT_INITIAL_DOMAIN}`,
      displayName: display,
      givenName: d.given,
      surname: d.sur,
      mail: externalMail,
      mailNickname: `${local}_${d.guestFrom}#EXT#`,
      employeeId: null,
      proxyAddresses: [`SMTP:${externalMail}`],
      accountEnabled: true,
      userType: 'Guest',
      jobTitle: null,
      department: null,
      officeLocation: null,
      preferredLanguage: null,
      businessPhones: [],
      mobilePhone: null,
      hasMailbox: false,
      seedPhoto: null,
      roles: [],
    };
  }
  const upn = `${local}@${TENANT_DOMAIN}`;
  const hasMailbox = !d.noMailbox;
  const mailLocal = d.mailLocal ?? local;
  const mail = hasMailbox ? `${mailLocal}@${TENANT_DOMAIN}` : null;
  const proxyAddresses = hasMailbox
    ? [
        `SMTP:${mail}`,
        ...(mailLocal !== local ? [`smtp:${upn}`] : []),
        ...(d.extraAliases ?? []).map((a) => `smtp:${a}@${TENANT_DOMAIN}`),
        `smtp:${local}@${TENANT_INITIAL_DOMAIN}`,
      ]
    : [];
  return {
    id,
    userPrincipalName: upn,
    displayName: display,
    givenName: d.given,
    surname: d.sur,
    mail,
    mailNickname: local,
    employeeId: d.employeeId ?? null,
    proxyAddresses,
    accountEnabled: !d.disabled,
    userType: 'Member',
    // Drawn even when fixed, so the random stream (and every later user) stays as it was.
    ...details(d, rng.pick(TITLES), rng.pick(DEPARTMENTS), rng.pick(OFFICES)),
    preferredLanguage: null,
    businessPhones: [],
    mobilePhone: null,
    hasMailbox,
    seedPhoto: d.photo ? index % SEED_PHOTO_VARIANTS : null,
    roles: d.roles ?? [],
  };
}

function details(d: Draft, jobTitle: string, department: string, officeLocation: string) {
  return {
    jobTitle: d.jobTitle ?? jobTitle,
    department: d.department ?? department,
    officeLocation: d.officeLocation ?? officeLocation,
  };
}

function generatedDraft(rng: Rng, index: number): Draft {
  const given = rng.pick(FIRST_NAMES);
  const sur = rng.pick(LAST_NAMES);
  const roll = rng.next();
  const draft: Draft = { given, sur };
  if (roll < 0.03) draft.guestFrom = rng.pick(['fabrikam.com', 'northwind.example', 'adatum.example']);
  else if (roll < 0.07) draft.disabled = true;
  else if (roll < 0.11) draft.noMailbox = true;
  if (!draft.guestFrom) {
    const idRoll = rng.next();
    // Most staff have an employee ID; some payroll systems keep leading zeros.
    if (idRoll < 0.6) draft.employeeId = String(100000 + index).padStart(6, '0');
    else if (idRoll < 0.85) draft.employeeId = String(index).padStart(7, '0');
    if (rng.chance(0.12)) draft.mailLocal = `${slug(given).slice(0, 1)}${slug(sur)}${index}`;
    if (rng.chance(0.2)) draft.extraAliases = [`${slug(given)}${index}`];
    draft.photo = rng.chance(0.3);
  }
  return draft;
}

/**
 * Company, country, licences and the manager tree, drawn from their own random stream so every user's other
 * fields (and so the demo and every test that knows them) stay exactly as they were before issue 13. Members
 * only: guests keep their home organisation as company and get no licence or manager, as in a real tenant.
 * Managers: the first member of each department (and the admin) has none; everyone else reports to an earlier
 * member of their department, so the managers form a tree (never a cycle).
 */
function addOrgDetails(users: EmulatorUser[], seed: string | number): void {
  const rng = createRng(`org:${seed}`);
  const byDepartment = new Map<string, string[]>();
  for (const user of users) {
    if (user.userType === 'Guest') {
      const org = user.mail?.split('@')[1]?.split('.')[0] ?? '';
      user.companyName = org ? org[0]!.toUpperCase() + org.slice(1) : null;
      user.country = null;
      user.assignedLicenses = [];
      user.managerId = null;
      continue;
    }
    const site = OFFICE_SITES[user.officeLocation ?? ''];
    user.country = site?.country ?? null;
    // A few staff belong to the acquired subsidiary, whatever their office.
    user.companyName = rng.chance(0.05) ? 'Northwind Traders' : (site?.company ?? 'Contoso Inc.');
    const roll = rng.next();
    const skuId = roll < 0.1 ? null : roll < 0.2 ? SEED_SKUS.f3 : roll < 0.35 ? SEED_SKUS.e5 : SEED_SKUS.e3;
    user.assignedLicenses = skuId ? [{ skuId, disabledPlans: [] }] : [];
    const peers = user.department ? (byDepartment.get(user.department) ?? []) : [];
    const admin = (user.roles?.length ?? 0) > 0;
    // Pick among the earliest peers, so a few people manage many (a realistic span of control).
    user.managerId =
      admin || peers.length === 0 ? null : peers[rng.int(Math.max(1, Math.ceil(peers.length / 8)))]!;
    if (user.department && !admin) {
      if (peers.length === 0) byDepartment.set(user.department, peers);
      peers.push(user.id);
    }
  }
}

/** Seeds `count` users (1..200,000), deterministic by seed. */
export function seedTenant(options: { seed?: string | number; count?: number } = {}): EmulatorUser[] {
  const count = options.count ?? 50;
  if (!Number.isInteger(count) || count < 1 || count > MAX_SEED_USERS) {
    throw new RangeError(`seedTenant: count must be an integer from 1 to ${MAX_SEED_USERS}, got ${count}`);
  }
  const rng = createRng(`users:${options.seed ?? 'headshot'}`);
  const parts: LocalParts = { used: new Set(), next: new Map() };
  const users: EmulatorUser[] = new Array<EmulatorUser>(count);
  for (let i = 0; i < count; i++) {
    const draft = i < SPECIAL_USERS.length ? SPECIAL_USERS[i]! : generatedDraft(rng, i);
    users[i] = userFrom(draft, rng, i, parts);
  }
  addOrgDetails(users, options.seed ?? 'headshot');
  return users;
}

/**
 * Quirk profile `mailboxes`: among members who are not admins, every 7th (from the 4th) loses its Exchange Online
 * mailbox (its photo then lives in Entra ID) and every 7th (from the 6th) has its mailbox in on-premises Exchange.
 * Deterministic by position, so tests can pick them; `mail` is kept, as directory sync keeps it for both.
 */
export function markMailboxKinds(users: EmulatorUser[]): void {
  let n = 0;
  for (const user of users) {
    if (user.userType === 'Guest' || (user.roles?.length ?? 0) > 0 || user.hasMailbox === false) continue;
    if (n % 7 === 3) user.hasMailbox = false;
    else if (n % 7 === 5) user.mailboxOnPremises = true;
    n++;
  }
}
