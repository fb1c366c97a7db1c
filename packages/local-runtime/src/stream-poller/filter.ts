/**
 * Lambda event filtering (the subset of the EventBridge pattern syntax that Lambda accepts).
 * A pattern is an object whose leaves are arrays of allowed values; nested objects descend
 * into the record. Within an array, a value matches if it equals one entry or satisfies one
 * operator: exists, prefix, suffix, equals-ignore-case, anything-but, numeric.
 * A record field that is an array matches if any of its elements does, as in EventBridge.
 */
type Json = Record<string, unknown>;

export function matchesFilter(pattern: object, record: object): boolean {
  return matchObject(pattern as Json, record);
}

/** Throws on a pattern this module cannot evaluate, so a typo fails at start, not silently. */
export function validateFilterPattern(pattern: object, path = ''): void {
  for (const [key, rule] of Object.entries(pattern)) {
    const here = `${path}${key}`;
    if (Array.isArray(rule)) {
      for (const entry of rule) if (!isPrimitive(entry)) validateOperator(entry, here);
    } else if (isObject(rule)) {
      validateFilterPattern(rule, `${here}.`);
    } else {
      throw new Error(`filter pattern: ${here} must be an array or an object`);
    }
  }
}

function matchObject(pattern: Json, value: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    // An absent parent behaves like absent leaves, so `{ exists: false }` below it still matches.
    const field = isObject(value) ? value[key] : undefined;
    if (Array.isArray(rule) ? !matchField(rule, field) : !matchObject(rule as Json, field)) return false;
  }
  return true;
}

function matchField(rules: readonly unknown[], value: unknown): boolean {
  const candidates: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return rules.some((rule) => {
    if (isPrimitive(rule)) return candidates.some((c) => c === rule);
    const [op, arg] = Object.entries(rule as Json)[0] ?? [];
    switch (op) {
      case 'exists':
        // Only leaves count as existing, as in EventBridge.
        return (value !== undefined && !isObject(value)) === arg;
      case 'prefix':
        return candidates.some((c) => typeof c === 'string' && c.startsWith(String(arg)));
      case 'suffix':
        return candidates.some((c) => typeof c === 'string' && c.endsWith(String(arg)));
      case 'equals-ignore-case':
        return candidates.some((c) => typeof c === 'string' && c.toLowerCase() === String(arg).toLowerCase());
      case 'anything-but': {
        const excluded = Array.isArray(arg) ? arg : [arg];
        return candidates.length > 0 && candidates.every((c) => !excluded.includes(c));
      }
      case 'numeric':
        return candidates.some((c) => typeof c === 'number' && numericMatches(arg as unknown[], c));
      default:
        throw new Error(`filter pattern: unsupported operator ${JSON.stringify(rule)}`);
    }
  });
}

function numericMatches(conditions: unknown[], n: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const bound = Number(conditions[i + 1]);
    const ok = { '=': n === bound, '<': n < bound, '<=': n <= bound, '>': n > bound, '>=': n >= bound }[String(conditions[i])];
    if (!ok) return false;
  }
  return true;
}

function validateOperator(entry: unknown, path: string): void {
  const keys = isObject(entry) ? Object.keys(entry) : [];
  const known = ['exists', 'prefix', 'suffix', 'equals-ignore-case', 'anything-but', 'numeric'];
  if (keys.length !== 1 || !known.includes(keys[0] ?? '')) {
    throw new Error(`filter pattern: unsupported entry ${JSON.stringify(entry)} at ${path}`);
  }
}

function isPrimitive(value: unknown): value is string | number | boolean | null {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
