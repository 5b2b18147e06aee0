/** The routing of a Lambda alias: its primary version and at most one weighted extra version. */
export interface AliasRouting {
  readonly functionVersion: string;
  /** Version → weight in [0, 1]. Empty when all traffic goes to `functionVersion`. */
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
}

/** An alias as last read, with the revision that fences the next update. */
export interface AliasSnapshot extends AliasRouting {
  readonly revisionId: string;
}

/** True when both describe the same routing. */
export function sameRouting(a: AliasRouting, b: AliasRouting): boolean {
  const aKeys = Object.keys(a.additionalVersionWeights).filter((key) => a.additionalVersionWeights[key] !== 0);
  const bKeys = Object.keys(b.additionalVersionWeights).filter((key) => b.additionalVersionWeights[key] !== 0);
  return (
    a.functionVersion === b.functionVersion &&
    aKeys.length === bKeys.length &&
    aKeys.every((key) => a.additionalVersionWeights[key] === b.additionalVersionWeights[key])
  );
}

/** True when the alias sends all its traffic to one version. */
export function isWhole(routing: AliasRouting): boolean {
  return Object.values(routing.additionalVersionWeights).every((weight) => weight === 0);
}

/** Routing as Lambda's UpdateAlias expects it (`RoutingConfig`). */
export function toRoutingConfig(routing: AliasRouting): { AdditionalVersionWeights: Record<string, number> } {
  return { AdditionalVersionWeights: { ...routing.additionalVersionWeights } };
}
