/**
 * Matching speed and memory: 10,000 file names against 100,000 directory users, all in memory.
 * Targets (issue 4): under 2 s, peak RSS under 300 MB. Run: npx tsx bench/match/match-10k-vs-100k.ts
 */
import os from 'node:os';
import type { GraphUser } from '../../src/shared/domain';
import { buildDirectoryIndex } from '../../src/main/core/matching/directory-index';
import { matchFiles } from '../../src/main/core/matching/match-files';

const USERS = 100_000;
const FILES = 10_000;

// Deterministic pseudo-random numbers, so every run measures the same work.
let seed = 42;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

const FIRST = [
  'Jane',
  'John',
  'José',
  'Zoë',
  'Seán',
  'Åsa',
  'Li',
  'Anne-Marie',
  'Mohammed',
  'Priya',
  'Olga',
  'Chen',
  'Fatima',
  'Lukas',
  'Sofía',
  'Björn',
  'Ngozi',
  'Kenji',
  'Aoife',
  'Mateus',
];
const LAST = [
  'Doe',
  'Smith',
  'Müller',
  'O’Brien',
  'Straße',
  'Ødegård',
  'García',
  'Nguyen',
  'Kowalski',
  'Żółć',
  'Papadopoulos',
  'Ivanova',
  'Okafor',
  'Tanaka',
  'Dubois',
  'Rossi',
  'Svensson',
  'Haddad',
  'Kim',
  'Silva',
];

function makeUsers(): GraphUser[] {
  const users: GraphUser[] = [];
  for (let i = 0; i < USERS; i++) {
    // Suffixing names with a syllable spreads 100k users over many names while keeping realistic collisions.
    const first = pick(FIRST) + (i % 7 === 0 ? '' : pick(['', 'a', 'o', 'el', 'ine']));
    const last = pick(LAST) + pick(['', 'son', 'berg', 'ska', 'ez', 'ini', 'ov', 'sen', 'ford', 'well']);
    const local = `${first}.${last}${i}`
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .replace(/[^a-z0-9.]/gi, '')
      .toLowerCase();
    users.push({
      id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
      userPrincipalName: `${local}@contoso.com`,
      displayName: `${first} ${last}`,
      givenName: first,
      surname: last,
      mail: `${local}@contoso.com`,
      mailNickname: local,
      employeeId: String(100000 + i).padStart(8, '0'),
      proxyAddresses: [
        `SMTP:${local}@contoso.com`,
        `smtp:${local}@contoso.mail.onmicrosoft.com`,
        `smtp:u${i}@fabrikam.com`,
      ],
      accountEnabled: i % 50 !== 0,
      userType: i % 97 === 0 ? 'Guest' : 'Member',
    });
  }
  return users;
}

function makeFiles(users: GraphUser[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < FILES; i++) {
    const u = pick(users);
    const local = u.userPrincipalName.split('@')[0] ?? '';
    const name = u.displayName ?? '';
    const form = i % 10;
    const file =
      form < 3
        ? `${local}.jpg`
        : form < 5
          ? `${u.userPrincipalName}.jpg`
          : form === 5
            ? `${u.employeeId?.replace(/^0+/, '')}.png`
            : form === 6
              ? `${name.split(' ').reverse().join(', ')} (2).jpg`
              : form === 7
                ? `${name.toUpperCase().replace(' ', '_')}-final.jpg`
                : form === 8
                  ? `${name.slice(0, -1)}x.jpg` // one letter off: the fuzzy path
                  : `IMG_${1000 + i}.JPG`;
    files.push(`Batch ${i % 20}/${file}`);
  }
  return files;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};
const heap = () => mb(process.memoryUsage().heapUsed);

const t0 = performance.now();
const users = makeUsers();
const files = makeFiles(users);
const t1 = performance.now();
const heapUsers = heap();
const c1 = process.cpuUsage();
const index = buildDirectoryIndex(users);
const t2 = performance.now();
const indexCpu = cpuMs(c1);
const heapIndex = heap();
const c2 = process.cpuUsage();
const report = matchFiles(files, index);
const t3 = performance.now();
const matchCpu = cpuMs(c2);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
console.log(
  `users ${USERS.toLocaleString('en')}, files ${FILES.toLocaleString('en')} (generated in ${(t1 - t0).toFixed(0)} ms)`,
);
console.log(`                 wall      cpu (user+sys; the fair figure on a shared machine)`);
console.log(`index build  ${ms(t2 - t1)} ${ms(indexCpu)}`);
console.log(`match files  ${ms(t3 - t2)} ${ms(matchCpu)}`);
console.log(`total        ${ms(t3 - t1)} ${ms(indexCpu + matchCpu)}   (target < 2000 ms)`);
console.log(`heap used    users ${heapUsers}, + index ${heapIndex}, after match ${heap()}`);
console.log(`peak RSS     ${mb(peakRss)}   (target < 300 MB)`);
console.log(
  `load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${os.cpus().length} cores`,
);
console.log(`summary      ${JSON.stringify(report.summary)}`);
