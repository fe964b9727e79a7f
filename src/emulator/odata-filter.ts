/**
 * The subset of OData $filter that Microsoft Graph supports on users, parsed and checked the way Graph does:
 * which operators each property supports, and which need an advanced query (ConsistencyLevel: eventual +
 * $count=true). Pure: no I/O. (learn.microsoft.com: "Use the $filter query parameter", "Advanced query
 * capabilities on Microsoft Entra ID objects", and the user resource's property table.)
 */
import type { EmulatorUser } from './types';

export class ODataError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Op =
  'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt' | 'in' | 'startswith' | 'endswith' | 'not' | 'any' | 'null';

/** Supported $filter operators per user property (the user resource docs' "Supports $filter" notes). */
const STRING_FULL: Op[] = ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith', 'null'];
export const USER_FILTER_SUPPORT: Record<string, Op[]> = {
  id: ['eq', 'ne', 'not', 'in'],
  userPrincipalName: ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith', 'endswith'],
  displayName: STRING_FULL,
  givenName: STRING_FULL,
  surname: STRING_FULL,
  mail: [...STRING_FULL, 'endswith'],
  mailNickname: ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith', 'null'],
  employeeId: STRING_FULL,
  jobTitle: STRING_FULL,
  department: STRING_FULL,
  officeLocation: STRING_FULL,
  userType: ['eq', 'ne', 'not', 'in', 'null'],
  accountEnabled: ['eq', 'ne', 'not', 'in'],
  proxyAddresses: ['eq', 'not', 'ge', 'le', 'startswith', 'endswith', 'any'],
  preferredLanguage: ['eq', 'ne', 'not', 'ge', 'le', 'in', 'startswith', 'null'],
  businessPhones: ['eq', 'not', 'ge', 'le', 'startswith', 'any'],
  mobilePhone: STRING_FULL,
};

/** Every property of microsoft.graph.user the emulator knows (for $select and error messages). */
export const USER_PROPERTIES = new Set([
  ...Object.keys(USER_FILTER_SUPPORT),
  'createdDateTime',
  'companyName',
  'city',
  'country',
  'usageLocation',
  'onPremisesSamAccountName',
  'otherMails',
  'assignedLicenses',
]);

type Literal = string | number | boolean | null;

type Node =
  | { t: 'cmp'; op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; prop: string; value: Literal }
  | { t: 'in'; prop: string; values: Literal[] }
  | { t: 'fn'; name: 'startswith' | 'endswith'; prop: string; value: string }
  | { t: 'any'; prop: string; variable: string; body: Node }
  | { t: 'and' | 'or'; a: Node; b: Node }
  | { t: 'not'; a: Node };

type Token =
  | { k: 'id'; v: string; pos: number }
  | { k: 'str'; v: string; pos: number }
  | { k: 'num'; v: number; pos: number }
  | { k: 'sym'; v: string; pos: number };

function syntaxError(filter: string, pos: number): ODataError {
  return new ODataError(
    400,
    'BadRequest',
    `Invalid filter clause: Syntax error at position ${pos} in '${filter}'.`,
  );
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < filter.length) {
    const c = filter[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      const start = i++;
      for (;;) {
        if (i >= filter.length) throw syntaxError(filter, start);
        if (filter[i] === "'") {
          if (filter[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += filter[i++];
      }
      tokens.push({ k: 'str', v: value, pos: start });
    } else if ('()/,:'.includes(c)) {
      tokens.push({ k: 'sym', v: c, pos: i++ });
    } else if (/[0-9-]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(filter.slice(i));
      if (!m) throw syntaxError(filter, i);
      tokens.push({ k: 'num', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_$]/.test(c)) {
      const m = /^[A-Za-z_$][A-Za-z0-9_.$]*/.exec(filter.slice(i))!;
      tokens.push({ k: 'id', v: m[0], pos: i });
      i += m[0].length;
    } else {
      throw syntaxError(filter, i);
    }
  }
  return tokens;
}

/** What $filter may say about one entity type: its properties, each with the operators Graph supports on it. */
export interface FilterEntity {
  /** OData type name, for messages: 'user', 'group'. */
  type: string;
  /** Resource name, for the unsupported-clause message: 'User', 'Group'. */
  resource: string;
  support: Record<string, Op[]>;
  /** Every property (for canonical names; those without operators answer "unsupported"). */
  properties: Set<string>;
}

export const USER_ENTITY: FilterEntity = {
  type: 'user',
  resource: 'User',
  support: USER_FILTER_SUPPORT,
  properties: USER_PROPERTIES,
};

export interface ParsedFilter<T = EmulatorUser> {
  test: (item: T) => boolean;
  /** Why this filter is an advanced query (empty if it is not): e.g. ['ne', 'endsWith']. */
  advanced: string[];
}

const CMP_OPS = new Set(['eq', 'ne', 'ge', 'le', 'gt', 'lt']);

export function parseUserFilter(filter: string): ParsedFilter {
  return parseFilter<EmulatorUser>(filter, USER_ENTITY);
}

/** Parses and checks a $filter against one entity type's property table. */
export function parseFilter<T>(filter: string, entity: FilterEntity): ParsedFilter<T> {
  const tokens = tokenize(filter);
  let p = 0;
  const peek = () => tokens[p];
  const isWord = (t: Token | undefined, word: string) => t?.k === 'id' && t.v.toLowerCase() === word;
  const expectSym = (sym: string) => {
    const t = tokens[p];
    if (t?.k !== 'sym' || t.v !== sym) throw syntaxError(filter, t?.pos ?? filter.length);
    p++;
  };
  const literal = (): Literal => {
    const t = tokens[p++];
    if (!t) throw syntaxError(filter, filter.length);
    if (t.k === 'str' || t.k === 'num') return t.v;
    if (t.k === 'id' && ['true', 'false', 'null'].includes(t.v.toLowerCase())) {
      const w = t.v.toLowerCase();
      return w === 'null' ? null : w === 'true';
    }
    throw syntaxError(filter, t.pos);
  };
  const identifier = (): string => {
    const t = tokens[p++];
    if (t?.k !== 'id') throw syntaxError(filter, t?.pos ?? filter.length);
    return t.v;
  };

  const primary = (lambdaVar: string | null): Node => {
    const t = peek();
    if (!t) throw syntaxError(filter, filter.length);
    if (t.k === 'sym' && t.v === '(') {
      p++;
      const node = orExpr(lambdaVar);
      expectSym(')');
      return node;
    }
    if (t.k === 'id' && (isWord(t, 'startswith') || isWord(t, 'endswith')) && tokens[p + 1]?.v === '(') {
      const name = t.v.toLowerCase() as 'startswith' | 'endswith';
      p += 2;
      const prop = identifier();
      expectSym(',');
      const value = literal();
      expectSym(')');
      if (typeof value !== 'string') throw syntaxError(filter, t.pos);
      return { t: 'fn', name, prop, value };
    }
    const prop = identifier();
    if (peek()?.k === 'sym' && peek()?.v === '/') {
      p++;
      const fn = identifier().toLowerCase();
      if (fn !== 'any') {
        throw new ODataError(
          400,
          'Request_UnsupportedQuery',
          `Unsupported query: lambda operator '${fn}' is not supported.`,
        );
      }
      expectSym('(');
      const variable = identifier();
      expectSym(':');
      const body = orExpr(variable);
      expectSym(')');
      return { t: 'any', prop, variable, body };
    }
    const opToken = tokens[p++];
    if (opToken?.k !== 'id') throw syntaxError(filter, opToken?.pos ?? filter.length);
    const op = opToken.v.toLowerCase();
    if (op === 'in') {
      expectSym('(');
      const values: Literal[] = [literal()];
      while (peek()?.k === 'sym' && peek()?.v === ',') {
        p++;
        values.push(literal());
      }
      expectSym(')');
      return { t: 'in', prop, values };
    }
    if (!CMP_OPS.has(op)) throw syntaxError(filter, opToken.pos);
    return { t: 'cmp', op: op as 'eq', prop, value: literal() };
  };
  const unary = (lambdaVar: string | null): Node => {
    if (isWord(peek(), 'not')) {
      p++;
      return { t: 'not', a: unary(lambdaVar) };
    }
    return primary(lambdaVar);
  };
  const andExpr = (lambdaVar: string | null): Node => {
    let node = unary(lambdaVar);
    while (isWord(peek(), 'and')) {
      p++;
      node = { t: 'and', a: node, b: unary(lambdaVar) };
    }
    return node;
  };
  const orExpr = (lambdaVar: string | null): Node => {
    let node = andExpr(lambdaVar);
    while (isWord(peek(), 'or')) {
      p++;
      node = { t: 'or', a: node, b: andExpr(lambdaVar) };
    }
    return node;
  };

  if (tokens.length === 0) throw syntaxError(filter, 0);
  const root = orExpr(null);
  if (p !== tokens.length) throw syntaxError(filter, tokens[p]!.pos);

  const advanced = new Set<string>();
  validate(root, null, null, advanced, entity);
  return {
    test: (item) => evaluate(root, item as unknown as Record<string, unknown>, new Map()),
    advanced: [...advanced],
  };
}

function canonicalProperty(name: string, entity: FilterEntity): string | null {
  for (const key of entity.properties) if (key.toLowerCase() === name.toLowerCase()) return key;
  return null;
}

function unsupported(prop: string, entity: FilterEntity): ODataError {
  return new ODataError(
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${prop}' of resource '${entity.resource}'.`,
  );
}

/** Checks properties and operators; records what makes the query advanced. Mutates props to canonical names. */
function validate(
  node: Node,
  lambdaVar: string | null,
  lambdaProp: string | null,
  advanced: Set<string>,
  entity: FilterEntity,
): void {
  const check = (propName: string, op: Op): string => {
    if (lambdaVar && propName === lambdaVar) {
      const ops = entity.support[lambdaProp!]!;
      if (!ops.includes(op)) throw unsupported(lambdaProp!, entity);
      return propName;
    }
    const prop = canonicalProperty(propName, entity);
    if (!prop) {
      throw new ODataError(
        400,
        'BadRequest',
        `Invalid filter clause: Could not find a property named '${propName}' on type 'microsoft.graph.${entity.type}'.`,
      );
    }
    const ops = entity.support[prop];
    if (!ops?.includes(op)) throw unsupported(prop, entity);
    return prop;
  };
  switch (node.t) {
    case 'cmp':
      if (node.value === null) {
        node.prop = check(node.prop, 'null');
        advanced.add('null');
        if (node.op !== 'eq') check(node.prop, node.op);
      } else {
        node.prop = check(node.prop, node.op);
      }
      if (node.op === 'ne') advanced.add('ne');
      return;
    case 'in':
      node.prop = check(node.prop, 'in');
      return;
    case 'fn':
      node.prop = check(node.prop, node.name);
      if (node.name === 'endswith') advanced.add('endsWith');
      return;
    case 'any': {
      const prop = check(node.prop, 'any');
      node.prop = prop;
      validate(node.body, node.variable, prop, advanced, entity);
      return;
    }
    case 'and':
    case 'or':
      validate(node.a, lambdaVar, lambdaProp, advanced, entity);
      validate(node.b, lambdaVar, lambdaProp, advanced, entity);
      return;
    case 'not':
      advanced.add('not');
      validate(node.a, lambdaVar, lambdaProp, advanced, entity);
      return;
  }
}

function valueOf(item: Record<string, unknown>, prop: string, env: Map<string, unknown>): unknown {
  if (env.has(prop)) return env.get(prop);
  return item[prop];
}

/** Directory string comparisons are case-insensitive. */
function norm(value: unknown): unknown {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

function compare(actual: unknown, op: string, expected: Literal): boolean {
  if (expected === null) {
    const isNull = actual === null || actual === undefined || (Array.isArray(actual) && actual.length === 0);
    return op === 'eq' ? isNull : !isNull;
  }
  if (Array.isArray(actual)) return actual.some((item) => compare(item, op, expected));
  const a = norm(actual);
  const e = norm(expected);
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    default: {
      if (a === null || a === undefined) return false;
      const order =
        typeof a === 'string' && typeof e === 'string' ? (a < e ? -1 : a > e ? 1 : 0) : Number(a) - Number(e);
      return op === 'ge' ? order >= 0 : op === 'le' ? order <= 0 : op === 'gt' ? order > 0 : order < 0;
    }
  }
}

function evaluate(node: Node, user: Record<string, unknown>, env: Map<string, unknown>): boolean {
  switch (node.t) {
    case 'cmp':
      return compare(valueOf(user, node.prop, env), node.op, node.value);
    case 'in': {
      const actual = valueOf(user, node.prop, env);
      return node.values.some((v) => compare(actual, 'eq', v));
    }
    case 'fn': {
      const actual = valueOf(user, node.prop, env);
      const needle = node.value.toLowerCase();
      const test = (v: unknown) =>
        typeof v === 'string' &&
        (node.name === 'startswith' ? v.toLowerCase().startsWith(needle) : v.toLowerCase().endsWith(needle));
      return Array.isArray(actual) ? actual.some(test) : test(actual);
    }
    case 'any': {
      const items = valueOf(user, node.prop, env);
      if (!Array.isArray(items)) return false;
      return items.some((item) => evaluate(node.body, user, new Map(env).set(node.variable, item)));
    }
    case 'and':
      return evaluate(node.a, user, env) && evaluate(node.b, user, env);
    case 'or':
      return evaluate(node.a, user, env) || evaluate(node.b, user, env);
    case 'not':
      return !evaluate(node.a, user, env);
  }
}
