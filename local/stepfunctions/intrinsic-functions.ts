import { createHash } from 'node:crypto';
import { SeededRandom } from '../random.js';
import { isJsonObject, jsonEquals, type Json } from './json.js';
import { parseReferencePath, readPath, truncate, type ReferencePath } from './reference-path.js';
import { STATES_ERRORS, StatesError, statesRuntime } from './states-error.js';

/** An argument of an intrinsic function call. */
export type IntrinsicArgument =
  /** A literal; for strings, `raw` keeps the text between the quotes, escapes included (States.Format reads them). */
  | { readonly kind: 'literal'; readonly value: Json; readonly raw?: string }
  | { readonly kind: 'path'; readonly path: ReferencePath }
  | { readonly kind: 'call'; readonly call: IntrinsicCall };

/** A parsed intrinsic function call, e.g. `States.Format('{}-{}', $.a, $$.Execution.Name)`. */
export interface IntrinsicCall {
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

/** What a call is evaluated against. */
export interface IntrinsicScope {
  /** What `$` paths read. */
  readonly input: Json;
  /** What `$$` paths read. */
  readonly context: Json;
  /** The execution's seeded generator: States.UUID and States.MathRandom without a seed draw from it. */
  readonly random: () => number;
}

/** An intrinsic function call that cannot be parsed, or names a function the sandbox does not know. */
export class IntrinsicSyntaxError extends Error {
  constructor(text: string, reason: string) {
    super(`'${text}' is not a valid intrinsic function call: ${reason}.`);
    this.name = 'IntrinsicSyntaxError';
  }
}

/** AWS's limit on nested intrinsic functions in one field. */
const MAX_NESTING = 10;
/** AWS's limit on the strings States.Base64Encode/Decode and States.Hash take. */
const MAX_STRING_CHARS = 10_000;
/** AWS's limit on the array States.ArrayRange returns. */
const MAX_RANGE_ITEMS = 1000;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const HASH_ALGORITHMS: Readonly<Record<string, string>> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

interface FunctionSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly run: (args: readonly Json[], call: EvaluatedCall) => Json;
}

/** A call whose arguments have been evaluated; `rawTemplate` is States.Format's template with its escapes. */
interface EvaluatedCall {
  readonly name: string;
  readonly scope: IntrinsicScope;
  readonly rawTemplate?: string;
}

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  'States.Format': { minArgs: 1, maxArgs: Infinity, run: format },
  'States.StringToJson': {
    minArgs: 1,
    maxArgs: 1,
    run: ([text], call) => {
      const value = expectString(text, call, 1);
      try {
        return JSON.parse(value) as Json;
      } catch {
        throw failure(call, `its argument is not JSON text: ${truncate(JSON.stringify(value))}`);
      }
    },
  },
  'States.JsonToString': { minArgs: 1, maxArgs: 1, run: ([value]) => JSON.stringify(value) },
  'States.Array': { minArgs: 0, maxArgs: Infinity, run: (args) => [...args] },
  'States.ArrayPartition': {
    minArgs: 2,
    maxArgs: 2,
    run: ([array, size], call) => {
      const items = expectArray(array, call, 1);
      const chunk = expectInteger(size, call, 2);
      if (chunk < 1) throw failure(call, `the chunk size must be at least 1, got ${chunk}`);
      const chunks: Json[] = [];
      for (let start = 0; start < items.length; start += chunk) chunks.push(items.slice(start, start + chunk));
      return chunks;
    },
  },
  'States.ArrayContains': { minArgs: 2, maxArgs: 2, run: ([array, value], call) => expectArray(array, call, 1).some((item) => jsonEquals(item, value!)) },
  'States.ArrayRange': {
    minArgs: 3,
    maxArgs: 3,
    run: ([first, last, step], call) => {
      const from = expectInteger(first, call, 1);
      const to = expectInteger(last, call, 2);
      const increment = expectInteger(step, call, 3);
      if (increment === 0) throw failure(call, 'the increment must not be 0');
      const count = Math.max(0, Math.floor((to - from) / increment) + 1);
      if (count > MAX_RANGE_ITEMS) throw failure(call, `the range would hold ${count} items; at most ${MAX_RANGE_ITEMS} are allowed`);
      return Array.from({ length: count }, (_, index) => from + index * increment);
    },
  },
  'States.ArrayGetItem': {
    minArgs: 2,
    maxArgs: 2,
    run: ([array, index], call) => {
      const items = expectArray(array, call, 1);
      const at = expectInteger(index, call, 2);
      if (at < 0 || at >= items.length) throw failure(call, `index ${at} is outside the array of ${items.length} item(s)`);
      return items[at]!;
    },
  },
  'States.ArrayLength': { minArgs: 1, maxArgs: 1, run: ([array], call) => expectArray(array, call, 1).length },
  'States.ArrayUnique': {
    minArgs: 1,
    maxArgs: 1,
    run: ([array], call) => {
      const unique: Json[] = [];
      for (const item of expectArray(array, call, 1)) if (!unique.some((kept) => jsonEquals(kept, item))) unique.push(item);
      return unique;
    },
  },
  'States.Base64Encode': {
    minArgs: 1,
    maxArgs: 1,
    run: ([text], call) => Buffer.from(expectString(text, call, 1, MAX_STRING_CHARS), 'utf8').toString('base64'),
  },
  'States.Base64Decode': {
    minArgs: 1,
    maxArgs: 1,
    run: ([text], call) => {
      const encoded = expectString(text, call, 1, MAX_STRING_CHARS);
      if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded)) throw failure(call, 'its argument is not Base64 text');
      return Buffer.from(encoded, 'base64').toString('utf8');
    },
  },
  'States.Hash': {
    minArgs: 2,
    maxArgs: 2,
    run: ([data, algorithm], call) => {
      const text = expectString(data, call, 1, MAX_STRING_CHARS);
      const name = expectString(algorithm, call, 2);
      const nodeName = HASH_ALGORITHMS[name];
      if (!nodeName) throw failure(call, `the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(', ')}, got '${name}'`);
      return createHash(nodeName).update(text, 'utf8').digest('hex');
    },
  },
  'States.JsonMerge': {
    minArgs: 3,
    maxArgs: 3,
    run: ([left, right, deep], call) => {
      if (!isJsonObject(left) || !isJsonObject(right)) throw failure(call, 'its first two arguments must be JSON objects');
      if (deep !== false) throw failure(call, 'only a shallow merge is supported: its third argument must be false');
      return { ...left, ...right };
    },
  },
  'States.MathRandom': {
    minArgs: 2,
    maxArgs: 3,
    run: ([start, end, seed], call) => {
      const from = expectInt32(start, call, 1);
      const to = expectInt32(end, call, 2);
      if (to <= from) throw failure(call, `the end (${to}) must be greater than the start (${from})`);
      const draw = seed === undefined ? call.scope.random() : new SeededRandom(expectInt32(seed, call, 3)).next();
      return from + Math.floor(draw * (to - from));
    },
  },
  'States.MathAdd': {
    minArgs: 2,
    maxArgs: 2,
    run: ([a, b], call) => {
      const sum = expectInt32(a, call, 1) + expectInt32(b, call, 2);
      if (sum < INT32_MIN || sum > INT32_MAX) throw failure(call, `the sum ${sum} is outside the 32-bit integer range`);
      return sum;
    },
  },
  'States.StringSplit': {
    minArgs: 2,
    maxArgs: 2,
    run: ([text, delimiters], call) => {
      const value = expectString(text, call, 1);
      const separators = new Set(expectString(delimiters, call, 2));
      // Every character of the second argument is a delimiter; empty pieces are dropped.
      const pieces: string[] = [];
      let piece = '';
      for (const char of value) {
        if (!separators.has(char)) piece += char;
        else if (piece !== '') {
          pieces.push(piece);
          piece = '';
        }
      }
      if (piece !== '') pieces.push(piece);
      return pieces;
    },
  },
  'States.UUID': { minArgs: 0, maxArgs: 0, run: (_args, call) => seededUuidV4(call.scope.random) },
};

/** The names of the intrinsic functions the sandbox evaluates. */
export const INTRINSIC_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

/**
 * Parses an intrinsic function call as written in a `.$` field.
 * @throws IntrinsicSyntaxError
 */
export function parseIntrinsic(text: string): IntrinsicCall {
  const parser = new Parser(text);
  const call = parser.call(0);
  parser.skipSpaces();
  if (!parser.atEnd()) throw new IntrinsicSyntaxError(text, `unexpected '${parser.rest()}' after the call`);
  return call;
}

/**
 * Evaluates a parsed call.
 * @throws StatesError `States.IntrinsicFailure` for bad arguments; `States.Runtime` for a path that points to nothing
 */
export function evaluateIntrinsic(call: IntrinsicCall, scope: IntrinsicScope): Json {
  const spec = FUNCTIONS[call.name]!;
  const args = call.args.map((arg) => evaluateArgument(arg, call, scope));
  const template = call.args[0];
  const rawTemplate = template?.kind === 'literal' && template.raw !== undefined ? template.raw : typeof args[0] === 'string' ? args[0] : undefined;
  return spec.run(args, { name: call.name, scope, rawTemplate });
}

function evaluateArgument(arg: IntrinsicArgument, call: IntrinsicCall, scope: IntrinsicScope): Json {
  if (arg.kind === 'literal') return arg.value;
  if (arg.kind === 'call') return evaluateIntrinsic(arg.call, scope);
  const root = arg.path.context ? scope.context : scope.input;
  const lookup = readPath(arg.path, root);
  if (!lookup.found) {
    throw statesRuntime(
      `The JSONPath '${arg.path.text}' specified for the intrinsic function ${call.name} could not be found in the ${arg.path.context ? 'context object' : 'input'} ${truncate(JSON.stringify(root))}`,
    );
  }
  return lookup.value;
}

/** States.Format: `{}` placeholders take the arguments in order; `\{`, `\}`, `\'` and `\\` are literal. */
function format(args: readonly Json[], call: EvaluatedCall): Json {
  expectString(args[0], call, 1);
  const values = args.slice(1);
  for (const [index, value] of values.entries()) {
    if (value !== null && typeof value === 'object')
      throw failure(call, `argument ${index + 2} must be a string, number, boolean or null, got ${truncate(JSON.stringify(value))}`);
  }
  const template = call.rawTemplate!;
  let out = '';
  let used = 0;
  for (let i = 0; i < template.length; i += 1) {
    const char = template[i]!;
    if (char === '\\' && i + 1 < template.length) {
      out += template[i + 1];
      i += 1;
    } else if (char === '{' && template[i + 1] === '}') {
      if (used >= values.length) throw failure(call, `the template has more {} placeholders than the ${values.length} argument(s) given`);
      const value = values[used++]!;
      out += typeof value === 'string' ? value : JSON.stringify(value);
      i += 1;
    } else out += char;
  }
  if (used !== values.length) throw failure(call, `the template has ${used} {} placeholder(s) for ${values.length} argument(s)`);
  return out;
}

function failure(call: { readonly name: string }, reason: string): StatesError {
  return new StatesError(STATES_ERRORS.intrinsicFailure, `Invalid arguments in ${call.name}: ${reason}.`);
}

function expectString(value: Json | undefined, call: EvaluatedCall, position: number, maxChars = Infinity): string {
  if (typeof value !== 'string') throw failure(call, `argument ${position} must be a string, got ${truncate(JSON.stringify(value ?? null))}`);
  if (value.length > maxChars) throw failure(call, `argument ${position} has ${value.length} characters; at most ${maxChars} are allowed`);
  return value;
}

function expectArray(value: Json | undefined, call: EvaluatedCall, position: number): Json[] {
  if (!Array.isArray(value)) throw failure(call, `argument ${position} must be an array, got ${truncate(JSON.stringify(value ?? null))}`);
  return value;
}

function expectInteger(value: Json | undefined, call: EvaluatedCall, position: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw failure(call, `argument ${position} must be an integer, got ${JSON.stringify(value ?? null)}`);
  return value;
}

function expectInt32(value: Json | undefined, call: EvaluatedCall, position: number): number {
  const integer = expectInteger(value, call, position);
  if (integer < INT32_MIN || integer > INT32_MAX) throw failure(call, `argument ${position} must be a 32-bit integer, got ${integer}`);
  return integer;
}

/** A version-4 UUID whose random bits come from `random`. */
function seededUuidV4(random: () => number): string {
  const bytes = Array.from({ length: 16 }, () => Math.floor(random() * 256));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A recursive-descent parser over one call's text. */
class Parser {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.position);
  }

  skipSpaces(): void {
    while (this.text[this.position] === ' ') this.position += 1;
  }

  call(depth: number): IntrinsicCall {
    if (depth >= MAX_NESTING) throw this.error(`more than ${MAX_NESTING} nested functions`);
    const name = /^States\.[A-Za-z0-9]+/.exec(this.rest())?.[0];
    if (!name) throw this.error(`expected a function name like States.Format at '${this.rest()}'`);
    const spec = FUNCTIONS[name];
    if (!spec) throw this.error(`unknown function ${name} (known: ${INTRINSIC_FUNCTION_NAMES.join(', ')})`);
    this.position += name.length;
    this.expect('(');
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.position] !== ')') {
      for (;;) {
        this.skipSpaces();
        args.push(this.argument(depth));
        this.skipSpaces();
        if (this.text[this.position] === ',') {
          this.position += 1;
          continue;
        }
        break;
      }
    }
    this.expect(')');
    if (args.length < spec.minArgs || args.length > spec.maxArgs) {
      const wanted =
        spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : spec.maxArgs === Infinity ? `at least ${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      throw this.error(`${name} takes ${wanted} argument(s), got ${args.length}`);
    }
    return { name, args };
  }

  private argument(depth: number): IntrinsicArgument {
    const char = this.text[this.position];
    if (char === "'") return this.stringLiteral();
    if (char === '$') return this.path();
    if (this.rest().startsWith('States.')) return { kind: 'call', call: this.call(depth + 1) };
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.rest())?.[0];
    if (!literal) throw this.error(`expected an argument ('text', a number, true, false, null, a path or a function) at '${this.rest()}'`);
    this.position += literal.length;
    return { kind: 'literal', value: JSON.parse(literal) as Json };
  }

  private stringLiteral(): IntrinsicArgument {
    const start = this.position + 1;
    let value = '';
    for (let i = start; i < this.text.length; i += 1) {
      const char = this.text[i]!;
      if (char === '\\' && i + 1 < this.text.length) {
        value += this.text[i + 1];
        i += 1;
      } else if (char === "'") {
        this.position = i + 1;
        return { kind: 'literal', value, raw: this.text.slice(start, i) };
      } else value += char;
    }
    throw this.error('a string literal is not closed');
  }

  private path(): IntrinsicArgument {
    const start = this.position;
    let bracketDepth = 0;
    let quote: string | undefined;
    for (; this.position < this.text.length; this.position += 1) {
      const char = this.text[this.position]!;
      if (quote) {
        if (char === '\\') this.position += 1;
        else if (char === quote) quote = undefined;
      } else if (char === "'" || char === '"') quote = char;
      else if (char === '[') bracketDepth += 1;
      else if (char === ']') bracketDepth -= 1;
      else if (bracketDepth === 0 && (char === ',' || char === ')' || char === ' ')) break;
    }
    const text = this.text.slice(start, this.position);
    try {
      return { kind: 'path', path: parseReferencePath(text) };
    } catch (error) {
      throw this.error((error as Error).message);
    }
  }

  private expect(char: string): void {
    this.skipSpaces();
    if (this.text[this.position] !== char) throw this.error(`expected '${char}' at '${this.rest()}'`);
    this.position += 1;
  }

  private error(reason: string): IntrinsicSyntaxError {
    return new IntrinsicSyntaxError(this.text, reason);
  }
}
