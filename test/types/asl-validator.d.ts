/** The part of asl-validator 4 (which ships no types) that Braid's tests use. */
declare module 'asl-validator' {
  interface AslValidatorOptions {
    readonly checkPaths: boolean;
    readonly checkArn: boolean;
  }
  interface AslValidatorResult {
    readonly isValid: boolean;
    readonly errors: ReadonlyArray<{ readonly 'Error code': string; readonly Message: string }>;
    errorsText(separator?: string): string;
  }
  function aslValidator(definition: unknown, options?: AslValidatorOptions): AslValidatorResult;
  export = aslValidator;
}
