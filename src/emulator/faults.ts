/** Scripted faults: by route and probability, or by the Nth matching request. Deterministic by seed. */
import { createRng, type Rng } from './random';
import type { FaultAction, FaultRule } from './types';

interface ArmedRule {
  rule: FaultRule;
  pattern: RegExp | null;
  matched: number;
  fired: number;
}

/** '*' matches one path segment, '**' anything; everything else is literal. */
export function pathPattern(path: string | RegExp): RegExp {
  if (path instanceof RegExp) return path;
  const escaped = path
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]+'),
    )
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

export class FaultInjector {
  private rules: ArmedRule[] = [];
  private rng: Rng;

  constructor(
    rules: FaultRule[] = [],
    private seed: string | number = 'faults',
  ) {
    this.rng = createRng(`faults:${seed}`);
    this.set(rules);
  }

  /** Replaces the rules and restarts the seeded sequence: the same rules and requests fire the same way. */
  set(rules: FaultRule[]): void {
    this.rng = createRng(`faults:${this.seed}`);
    this.rules = rules.map((rule) => ({
      rule,
      pattern: rule.path ? pathPattern(rule.path) : null,
      matched: 0,
      fired: 0,
    }));
  }

  /** The fault for this request, if a rule fires. Every matching rule counts the request. */
  pick(surface: 'graph' | 'identity', method: string, path: string): FaultAction | null {
    let action: FaultAction | null = null;
    for (const armed of this.rules) {
      const { rule } = armed;
      if ((rule.surface ?? 'graph') !== surface) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (armed.pattern && !armed.pattern.test(path)) continue;
      armed.matched++;
      if (action) continue;
      if (rule.times !== undefined && armed.fired >= rule.times) continue;
      let fires: boolean;
      if (rule.nth !== undefined) {
        const nths = Array.isArray(rule.nth) ? rule.nth : [rule.nth];
        fires =
          nths.includes(armed.matched) &&
          (rule.probability === undefined || this.rng.chance(rule.probability));
      } else {
        fires = this.rng.chance(rule.probability ?? 1);
      }
      if (fires) {
        armed.fired++;
        action = rule.action;
      }
    }
    return action;
  }
}
