// Route selection with the expression `$request.body.action`, as API Gateway evaluates it.

const reserved = new Set(['$connect', '$disconnect', '$default']);

export function routeSelector(routeKeys: readonly string[]): (body: string) => string {
  const known = new Set(routeKeys.filter((key) => !reserved.has(key)));
  return (body) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return '$default';
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return '$default';
    const action = (parsed as Record<string, unknown>).action;
    return typeof action === 'string' && known.has(action) ? action : '$default';
  };
}
