import type { ErrorCodeInfo } from '../../functions/core/error-codes.js';
import type { AslScope } from '../statemachines/asl-rules.js';

/** One place an error name is raised, sent, retried or caught. */
export interface ErrorNameUse {
  readonly name: string;
  /** File, and state or line, for messages. */
  readonly where: string;
  /** For a `BraidError` subclass: the `fault` it declares next to its `code`. */
  readonly fault?: string;
}

/** Every error name a definition retries (`Retry`), catches (`Catch`) or raises (a `Fail` state's `Error`). */
export function errorNamesInAsl(definitionFile: string, definition: AslScope): ErrorNameUse[] {
  const uses: ErrorNameUse[] = [];
  const visit = (scope: AslScope, prefix: string): void => {
    for (const [name, state] of Object.entries(scope.States)) {
      const path = `${prefix}${name}`;
      for (const [index, retrier] of (state.Retry ?? []).entries()) {
        uses.push(...retrier.ErrorEquals.map((error) => ({ name: error, where: `${definitionFile} ${path}.Retry[${index}]` })));
      }
      for (const [index, catcher] of (state.Catch ?? []).entries()) {
        uses.push(...catcher.ErrorEquals.map((error) => ({ name: error, where: `${definitionFile} ${path}.Catch[${index}]` })));
      }
      // A Fail state's ErrorPath names no error of its own: it passes on one already caught.
      if (state.Type === 'Fail' && state.Error !== undefined) uses.push({ name: state.Error, where: `${definitionFile} ${path}.Error` });
      for (const [index, branch] of (state.Branches ?? []).entries()) visit(branch, `${path}.Branches[${index}].`);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) visit(processor, `${path}.ItemProcessor.`);
    }
  };
  visit(definition, '');
  return uses;
}

const CODE_DECLARATION = /readonly code = '([^']+)';/g;
const FAULT_DECLARATION = /readonly fault = '([^']+)';/;
const BRAID_CODE_LITERAL = /(['"`])(Braid\.[A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*)\1/g;

/**
 * The error codes a source file declares (`readonly code = '…'` in a `BraidError` subclass, with
 * the `fault` declared in the same class) and every other quoted `Braid.*` name it uses: codes
 * sent to a waiting execution, compared, or named in a comment.
 */
export function errorCodesInSource(file: string, text: string): ErrorNameUse[] {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const uses: ErrorNameUse[] = [];
  const declared = new Set<number>();
  for (const match of text.matchAll(CODE_DECLARATION)) {
    // The class body around the code: up to the next class or the next code declaration.
    const rest = text.slice(match.index + match[0].length);
    const end = rest.search(/\bclass\s|readonly code = /);
    const fault = FAULT_DECLARATION.exec(end === -1 ? rest : rest.slice(0, end))?.[1];
    uses.push({ name: match[1]!, where: `${file}:${lineOf(match.index)}`, fault: fault ?? '(none declared)' });
    declared.add(match.index + 'readonly code = '.length);
  }
  for (const match of text.matchAll(BRAID_CODE_LITERAL)) {
    if (!declared.has(match.index)) uses.push({ name: match[2]!, where: `${file}:${lineOf(match.index)}` });
  }
  return uses;
}

/** The uses the registry does not cover: a name it lacks, or a class whose fault differs from the registry's. */
export function unregisteredUses(registry: Readonly<Record<string, ErrorCodeInfo>>, uses: readonly ErrorNameUse[]): string[] {
  const problems: string[] = [];
  for (const use of uses) {
    const entry = registry[use.name];
    if (entry === undefined) problems.push(`${use.where}: ${use.name} is not in the registry (functions/core/error-codes.ts)`);
    else if (use.fault !== undefined && use.fault !== entry.fault) {
      problems.push(`${use.where}: ${use.name} declares fault ${use.fault}, the registry says ${entry.fault}`);
    }
  }
  return problems;
}

/** The registered names none of `uses` names. */
export function unusedEntries(registry: Readonly<Record<string, ErrorCodeInfo>>, uses: readonly ErrorNameUse[]): string[] {
  const used = new Set(uses.map((use) => use.name));
  return Object.keys(registry).filter((name) => !used.has(name));
}
