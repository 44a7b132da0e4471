/**
 * Rules every request input obeys, whatever the endpoint (body, query, path): checked once at the boundary,
 * before any DTO is built, so no handler, validator or database sees the input otherwise.
 *  - nesting at most MAX_INPUT_DEPTH levels: a JSON body nested thousands deep overflowed the stack of the
 *    recursive transformation and validation (500);
 *  - no NUL character in any string or key: PostgreSQL text cannot hold one (500 on insert or query), and no
 *    field of Selvbook means anything with one.
 */
export const MAX_INPUT_DEPTH = 32;

/** Why the input breaks a rule above (naming where), or undefined. Iterative: any depth is safe to inspect. */
export function inputProblem(value: unknown): string | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return `${path || 'the input'} must not contain a NUL character`;
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) return `the input is nested more than ${MAX_INPUT_DEPTH} levels deep`;
    if (Array.isArray(current)) {
      for (let i = 0; i < current.length; i++)
        stack.push({ value: current[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return 'a property name must not contain a NUL character';
      stack.push({ value: (current as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return undefined;
}
