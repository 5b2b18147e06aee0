/** The sandbox's Lambda emulator: its service, programmatic API types and traffic generator. */
export { LambdaEmulator, type LambdaEmulatorOptions } from './lambda-emulator.js';
export { TrafficGenerator, type TrafficCounts, type TrafficSpec } from './traffic-generator.js';
export { LAMBDA_NAMESPACE } from './invocation-metrics.js';
export { functionArn, parseFunctionReference, type FunctionReference } from './function-arns.js';
export {
  DEFAULT_BEHAVIOUR,
  type AliasJournalDetail,
  type AliasUpdate,
  type AliasView,
  type CodeHandler,
  type FunctionSpec,
  type FunctionVersionView,
  type InvokeResult,
  type PublishOptions,
  type VersionBehaviour,
  type VersionWeights,
} from './model.js';
