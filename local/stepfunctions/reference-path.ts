/**
 * Resolves an ASL reference path (`$`, `$.a.b`, `$['a b']`, `$.list[0]`) against a value, as
 * `SecondsPath`, `TimestampPath` and `TimeoutSecondsPath` use them. Returns `undefined` when the
 * path does not point to a value; throws when it is not a reference path.
 */
export function resolveReferencePath(path: string, value: unknown): unknown {
  if (!path.startsWith('$')) throw new Error(`'${path}' is not a reference path: it must start with '$'`);
  const segment = /^(?:\.([A-Za-z_][\w-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])/;
  let rest = path.slice(1);
  let current: unknown = value;
  while (rest.length > 0) {
    const match = segment.exec(rest);
    if (!match) throw new Error(`'${path}' is not a reference path: cannot read '${rest}' (use .name, ['name'] or [index])`);
    rest = rest.slice(match[0].length);
    if (current === null || typeof current !== 'object') return undefined;
    const key = match[1] ?? match[2]?.replace(/\\(.)/g, '$1') ?? Number(match[3]);
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
