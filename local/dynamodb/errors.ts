/**
 * Errors of the sandbox's DynamoDB Local tooling. Each subclass names one failure the reader can
 * act on; `fault` says whether the machine's setup (`environment`) or Braid (`braid`) is to blame.
 */
export class DynamoDbLocalError extends Error {
  constructor(
    /** Stable identifier, for scripts and tests. */
    readonly code: string,
    /** Who has to act: the person setting up the machine, or Braid's maintainers. */
    readonly fault: 'environment' | 'braid',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No Java 11+ runtime was found and Braid could not install one by itself. */
export class JavaRuntimeMissingError extends DynamoDbLocalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('JAVA_RUNTIME_MISSING', 'environment', message, options);
  }
}

/** Fetching or unpacking the DynamoDB Local distribution failed (npm, tar, file system). */
export class DynamoDbLocalInstallError extends DynamoDbLocalError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DYNAMODB_LOCAL_INSTALL_FAILED', 'environment', message, options);
  }
}

/** A downloaded or cached file does not match its pinned digest. */
export class DynamoDbLocalIntegrityError extends DynamoDbLocalError {
  constructor(fault: 'environment' | 'braid', message: string) {
    super('DYNAMODB_LOCAL_INTEGRITY', fault, message);
  }
}

/** The DynamoDB Local JVM exited or did not answer in time. */
export class DynamoDbLocalStartError extends DynamoDbLocalError {
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'DYNAMODB_LOCAL_START_FAILED', 'environment', message, options);
  }
}

/** The requested port was taken before or while DynamoDB Local tried to bind it. */
export class DynamoDbLocalPortInUseError extends DynamoDbLocalStartError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, { ...options, code: 'DYNAMODB_LOCAL_PORT_IN_USE' });
  }
}
