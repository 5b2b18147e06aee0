import { evaluateIntrinsic, parseIntrinsic, type IntrinsicCall, type IntrinsicScope } from './intrinsic-functions.js';
import { isJsonObject, type Json } from './json.js';
import { parseReferencePath, readPath, truncate } from './reference-path.js';
import { statesRuntime } from './states-error.js';

/** What a payload template is evaluated against: the state's data (`$`), the context object (`$$`) and the execution's dice. */
export type TemplateScope = IntrinsicScope;

const calls = new Map<string, IntrinsicCall>();

/**
 * Evaluates a payload template (`Parameters`, `ResultSelector`): every field whose name ends in
 * `.$` takes the value its path (`$…`, `$$…`) or intrinsic function (`States.…`) yields, under
 * the name without `.$`; every other value is copied, nested objects and arrays evaluated alike.
 * @throws StatesError `States.Runtime` when a path points to nothing; `States.IntrinsicFailure` from a function
 */
export function evaluatePayloadTemplate(template: unknown, scope: TemplateScope): Json {
  if (Array.isArray(template)) return template.map((item) => evaluatePayloadTemplate(item, scope));
  if (!isJsonObject(template)) return template as Json;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') out[key.slice(0, -2)] = evaluateDynamicField(key, value, scope);
    else out[key] = evaluatePayloadTemplate(value, scope);
  }
  return out;
}

/** The value of one `.$` field: a path lookup or an intrinsic function call. */
function evaluateDynamicField(key: string, expression: string, scope: TemplateScope): Json {
  if (!expression.startsWith('$')) {
    let call = calls.get(expression);
    if (!call) {
      call = parseIntrinsic(expression);
      calls.set(expression, call);
    }
    return evaluateIntrinsic(call, scope);
  }
  const path = parseReferencePath(expression);
  const root = path.context ? scope.context : scope.input;
  const lookup = readPath(path, root);
  if (!lookup.found) {
    throw statesRuntime(
      `The JSONPath '${expression}' specified for the field '${key}' could not be found in the ${path.context ? 'context object' : 'input'} '${truncate(JSON.stringify(root))}'`,
    );
  }
  return lookup.value;
}

/**
 * Problems with a payload template, for CreateStateMachine: `.$` fields must hold a reference
 * path or an intrinsic function call, and a field must not be given both with and without `.$`.
 */
export function payloadTemplateProblems(template: unknown, where: string): string[] {
  if (Array.isArray(template)) return template.flatMap((item, index) => payloadTemplateProblems(item, `${where}[${index}]`));
  if (!isJsonObject(template)) return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(template)) {
    const field = `${where}.${key}`;
    if (!key.endsWith('.$')) {
      problems.push(...payloadTemplateProblems(value, field));
      continue;
    }
    if (Object.hasOwn(template, key.slice(0, -2))) problems.push(`${field}: the field '${key.slice(0, -2)}' is given both with and without '.$'`);
    if (typeof value !== 'string') {
      problems.push(`${field}: a field ending in '.$' needs a path or an intrinsic function as a string, got ${JSON.stringify(value)}`);
      continue;
    }
    try {
      if (value.startsWith('$')) parseReferencePath(value);
      else parseIntrinsic(value);
    } catch (error) {
      problems.push(`${field}: ${(error as Error).message}`);
    }
  }
  return problems;
}
