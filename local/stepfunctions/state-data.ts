import type { Json } from './json.js';
import { parseReferencePath, readPath, truncate, writePath, type PathLookup } from './reference-path.js';
import { statesRuntime } from './states-error.js';

/** Reads a reference path: `$…` from `input`, `$$…` from the context object. */
export function lookupPath(text: string, input: Json, context: Json): PathLookup {
  const path = parseReferencePath(text);
  return readPath(path, path.context ? context : input);
}

/**
 * Reads a path that must point to a value (`field` names where it is written, for the cause).
 * @throws StatesError `States.Runtime` when it points to nothing
 */
export function requirePath(field: string, text: string, input: Json, context: Json): Json {
  const lookup = lookupPath(text, input, context);
  if (!lookup.found) throw statesRuntime(`Invalid path '${text}' in ${field}: it points to nothing in ${truncate(JSON.stringify(input))}.`);
  return lookup.value;
}

/** `InputPath`: the part of the state's input it works on (`null`: an empty object). */
export function applyInputPath(path: string | null | undefined, input: Json, context: Json): Json {
  if (path === undefined) return input;
  if (path === null) return {};
  return requirePath('InputPath', path, input, context);
}

/** `ResultPath`: where the result goes in the state's input (`null`: discarded; default `$`: it replaces the input). */
export function applyResultPath(path: string | null | undefined, input: Json, result: Json): Json {
  if (path === undefined) return result;
  if (path === null) return input;
  return writePath(parseReferencePath(path), input, result);
}

/** `OutputPath`: the part of the output passed on (`null`: an empty object). */
export function applyOutputPath(path: string | null | undefined, output: Json, context: Json): Json {
  if (path === undefined) return output;
  if (path === null) return {};
  return requirePath('OutputPath', path, output, context);
}
