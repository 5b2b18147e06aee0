import { isJsonObject, type Json } from './json.js';
import { STATES_ERRORS, StatesError } from './states-error.js';

/** One step of a reference path: a field name or an array index. */
export type PathSegment = string | number;

/** A parsed reference path: `$.a.b`, `$['a b'][0]`, or a context path `$$.Execution.Id`. */
export interface ReferencePath {
  readonly text: string;
  /** True for `$$…`, which reads the context object instead of the state's data. */
  readonly context: boolean;
  readonly segments: readonly PathSegment[];
}

/** A path that is not a reference path. */
export class PathSyntaxError extends Error {
  constructor(path: string, reason: string) {
    super(`'${path}' is not a reference path: ${reason}. Use $, $.name, $['name'] or $.list[0] (and $$ for the context object).`);
    this.name = 'PathSyntaxError';
  }
}

/** Characters that end a dot-notation name: JSONPath operators, brackets, quotes and whitespace. */
const DOT_NAME = /^\.([^.[\]'"\s*?@,:()$]+)/;
const BRACKET_NAME = /^\[(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\]/;
const BRACKET_INDEX = /^\[(0|[1-9]\d*)\]/;

const parsed = new Map<string, ReferencePath>();

/**
 * Parses a reference path: the JSONPath subset that names one node (no wildcards, filters,
 * slices or unions), as Step Functions requires for `ResultPath` and as Braid's machines write
 * every other path.
 * @throws PathSyntaxError
 */
export function parseReferencePath(text: string): ReferencePath {
  const known = parsed.get(text);
  if (known) return known;
  if (!text.startsWith('$')) throw new PathSyntaxError(text, "it must start with '$'");
  const context = text.startsWith('$$');
  let rest = text.slice(context ? 2 : 1);
  const segments: PathSegment[] = [];
  while (rest.length > 0) {
    const dot = DOT_NAME.exec(rest);
    const name = dot ? undefined : BRACKET_NAME.exec(rest);
    const index = dot || name ? undefined : BRACKET_INDEX.exec(rest);
    const match = dot ?? name ?? index;
    if (!match) throw new PathSyntaxError(text, `cannot read '${rest}'`);
    if (dot) segments.push(dot[1]!);
    else if (name) segments.push((name[1] ?? name[2] ?? '').replace(/\\(.)/g, '$1'));
    else segments.push(Number(index![1]));
    rest = rest.slice(match[0].length);
  }
  const path: ReferencePath = { text, context, segments };
  parsed.set(text, path);
  return path;
}

/** What a path points to: a value, or nothing. */
export type PathLookup = { readonly found: true; readonly value: Json } | { readonly found: false };

/** Reads the node a reference path names in `root` (the context object for `$$` paths is the caller's to pass). */
export function readPath(path: ReferencePath, root: Json): PathLookup {
  let current: Json = root;
  for (const segment of path.segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return { found: false };
      current = current[segment]!;
    } else {
      if (!isJsonObject(current) || !Object.hasOwn(current, segment)) return { found: false };
      current = current[segment]!;
    }
  }
  return { found: true, value: current };
}

/**
 * `ResultPath`: a copy of `input` with `value` placed where the path names, creating the objects
 * on the way; `$` replaces the input with the value. `input` itself is never changed.
 * @throws StatesError `States.ResultPathMatchFailure` when the path runs through something that is not an object (or array, for an index)
 */
export function writePath(path: ReferencePath, input: Json, value: Json): Json {
  const place = (current: Json | undefined, depth: number): Json => {
    if (depth === path.segments.length) return value;
    const segment = path.segments[depth]!;
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) throw resultPathMismatch(path, input, `it has no array element [${segment}]`);
      const copy = [...current];
      copy[segment] = place(current[segment], depth + 1);
      return copy;
    }
    if (current === undefined) return { [segment]: place(undefined, depth + 1) };
    if (!isJsonObject(current)) throw resultPathMismatch(path, input, `'${describeDepth(path, depth)}' is ${JSON.stringify(current)}, not an object`);
    return { ...current, [segment]: place(Object.hasOwn(current, segment) ? current[segment] : undefined, depth + 1) };
  };
  return place(input, 0);
}

function describeDepth(path: ReferencePath, depth: number): string {
  return `$${path.segments
    .slice(0, depth)
    .map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`))
    .join('')}`;
}

function resultPathMismatch(path: ReferencePath, input: Json, reason: string): StatesError {
  return new StatesError(
    STATES_ERRORS.resultPathMatchFailure,
    `Unable to apply ResultPath '${path.text}' to input ${truncate(JSON.stringify(input))}: ${reason}.`,
  );
}

/** Shortens JSON text quoted in a cause, as AWS does for long inputs. */
export function truncate(text: string, max = 1000): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
