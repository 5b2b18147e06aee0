import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../functions/core/error-codes.js';
import { STATE_MACHINES_DIR } from '../../infra/private/paths.js';
import { ERROR_CODES_DOC, renderErrorCodesDoc } from '../../scripts/error-codes-doc.js';
import { substitutedDefinition } from '../statemachines/asl-rules.js';
import { SOURCE_DIRS } from './dependency-rules.js';
import { errorCodesInSource, errorNamesInAsl, unregisteredUses, unusedEntries, type ErrorNameUse } from './error-codes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REGISTRY_FILE = 'functions/core/error-codes.ts';

/** Every `.ts` file under the source folders but the registry itself, relative to the root. */
function sourceFiles(): string[] {
  return SOURCE_DIRS.flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((path) => join(dir, path)))
    .filter((path) => path.endsWith('.ts') && path !== REGISTRY_FILE)
    .sort();
}

const aslFiles = readdirSync(STATE_MACHINES_DIR).filter((name) => name.endsWith('.asl.json'));
const aslUses = aslFiles.flatMap((file) => {
  const path = `statemachines/${file}`;
  return errorNamesInAsl(path, substitutedDefinition(path, readFileSync(join(STATE_MACHINES_DIR, file), 'utf8')));
});
const sourceUses = sourceFiles().flatMap((path) => errorCodesInSource(path, readFileSync(join(root, path), 'utf8')));

describe('the error registry', () => {
  it('lists every error name both state machines retry, catch or raise', () => {
    expect(aslFiles).toEqual(expect.arrayContaining(['rollout.asl.json', 'remediation.asl.json']));
    expect(aslUses.map((use) => use.name)).toEqual(expect.arrayContaining(['States.ALL', 'Braid.TargetBusy', 'Braid.RolledBack', 'Lambda.ServiceException']));
    expect(unregisteredUses(ERROR_CODES, aslUses)).toEqual([]);
  });

  it('lists every code the source declares, with the fault its class declares, and every Braid.* name it uses', () => {
    expect(sourceUses.filter((use) => use.fault !== undefined).length).toBeGreaterThan(20);
    expect(unregisteredUses(ERROR_CODES, sourceUses)).toEqual([]);
  });

  it('lists nothing that no source file or state machine uses', () => {
    expect(unusedEntries(ERROR_CODES, [...aslUses, ...sourceUses])).toEqual([]);
  });

  it('lists every Braid.* code the docs and the README name', () => {
    const docs = [...readdirSync(join(root, 'docs')).map((name) => join(root, 'docs', name)), join(root, 'README.md')];
    const named = docs.flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/Braid\.[A-Z][A-Za-z]*(?:\.[A-Z][A-Za-z]*)*/g)].map((match) => ({ name: match[0], where: relative(root, path) })),
    );
    expect(named.filter((use) => !(use.name in ERROR_CODES))).toEqual([]);
  });

  it('is what docs/error-codes.md shows (regenerate with `npx tsx scripts/error-codes-doc.ts`)', async () => {
    expect(readFileSync(ERROR_CODES_DOC, 'utf8')).toBe(await renderErrorCodesDoc());
  });
});

describe('the registry checks (bad examples)', () => {
  const registry = {
    'Braid.Known': { fault: 'user', meaning: 'known' },
    'States.ALL': { fault: 'any', meaning: 'every error' },
  } as const;

  it('find the codes a class declares with its fault, and the quoted Braid.* names, with their lines', () => {
    const source = [
      'export class KnownError extends BraidError {',
      "  readonly code = 'Braid.Known';",
      "  readonly fault = 'environment';",
      '}',
      'export class NoFaultError extends BraidError {',
      "  readonly code = 'Braid.NoFault';",
      '}',
      "await callbacks.fail(token, 'Braid.Sent', reason); // see `Braid.Commented`",
      'const prose = "Braid is not a code, nor is Braid.lowercase";',
    ].join('\n');
    expect(errorCodesInSource('f.ts', source)).toEqual([
      { name: 'Braid.Known', where: 'f.ts:2', fault: 'environment' },
      { name: 'Braid.NoFault', where: 'f.ts:6', fault: '(none declared)' },
      { name: 'Braid.Sent', where: 'f.ts:8' },
      { name: 'Braid.Commented', where: 'f.ts:8' },
    ]);
  });

  it('find the names a definition retries, catches and raises, nested states included', () => {
    const definition = {
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'] }], End: true } },
            },
          ],
          Catch: [{ ErrorEquals: ['Braid.Rejected', 'States.ALL'], Next: 'Failed' }],
          End: true,
        },
        Failed: { Type: 'Fail', Error: 'Braid.RolledBack' },
        Passed: { Type: 'Fail', ErrorPath: '$.error.Error' },
      },
    };
    expect(errorNamesInAsl('x.asl.json', definition)).toEqual([
      { name: 'Braid.Rejected', where: 'x.asl.json Fan.Catch[0]' },
      { name: 'States.ALL', where: 'x.asl.json Fan.Catch[0]' },
      { name: 'Lambda.TooManyRequestsException', where: 'x.asl.json Fan.Branches[0].Work.Retry[0]' },
      { name: 'Braid.RolledBack', where: 'x.asl.json Failed.Error' },
    ]);
  });

  it('report an unregistered name, a fault that disagrees with the registry, and an unused entry', () => {
    const uses: ErrorNameUse[] = [
      { name: 'Braid.Known', where: 'a.ts:2', fault: 'braid' },
      { name: 'Braid.Unknown', where: 'x.asl.json Work.Catch[0]' },
    ];
    expect(unregisteredUses(registry, uses)).toEqual([
      'a.ts:2: Braid.Known declares fault braid, the registry says user',
      'x.asl.json Work.Catch[0]: Braid.Unknown is not in the registry (functions/core/error-codes.ts)',
    ]);
    expect(unusedEntries(registry, uses)).toEqual(['States.ALL']);
  });

  it('report nothing when every use is registered with its fault and every entry is used', () => {
    const uses: ErrorNameUse[] = [
      { name: 'Braid.Known', where: 'a.ts:2', fault: 'user' },
      { name: 'States.ALL', where: 'x.asl.json Work.Catch[0]' },
    ];
    expect(unregisteredUses(registry, uses)).toEqual([]);
    expect(unusedEntries(registry, uses)).toEqual([]);
  });
});
