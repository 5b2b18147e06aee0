import type { BaseDeps } from '../kernel/task-deps.js';
import type { DepsEnvironment } from './deps-environment.js';

/** Builders of some dependencies (one per name), all on one AWS service. */
export type Builders<P> = { readonly [K in keyof P]: () => P[K] };

/** The dependencies one AWS service offers, built lazily on an environment. */
export interface DepsGroup<P> {
  build(env: DepsEnvironment): Builders<P>;
}

/** A group of dependencies: a module per AWS service, so importing one imports that service's client only. */
export function depsGroup<P>(build: (env: DepsEnvironment) => Builders<P>): DepsGroup<P> {
  return { build };
}

type Provided<G> = G extends DepsGroup<infer P> ? P : never;
type Intersection<U> = (U extends unknown ? (value: U) => void : never) extends (value: infer I) => void ? I : never;

/** What some groups build, with the base dependencies. */
export type DepsOf<G extends DepsGroup<object>[]> = BaseDeps & Intersection<Provided<G[number]>>;

/**
 * The one dependency factory, used by the Lambda entry points, the sandbox and the CLI: the
 * groups' dependencies on `env`, each built when first read (then kept), and the base ones.
 */
export function createDeps<G extends DepsGroup<object>[]>(env: DepsEnvironment, ...groups: G): DepsOf<G> {
  const deps: Record<string, unknown> = { ...env.base() };
  for (const group of groups) {
    for (const [name, build] of Object.entries(group.build(env) as Record<string, () => unknown>)) {
      Object.defineProperty(deps, name, {
        enumerable: true,
        configurable: true,
        get() {
          const value = build();
          Object.defineProperty(deps, name, { value, enumerable: true });
          return value;
        },
      });
    }
  }
  return deps as DepsOf<G>;
}
