import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LOCK_FILE, PROJECT_ROOT } from './paths.js';

/**
 * The Node.js runtime of every Braid function: the newest this aws-cdk-lib knows, which is what
 * cdk-nag's AwsSolutions-L1 asks for.
 */
export const TASK_RUNTIME = lambda.Runtime.NODEJS_24_X;

// Bundled ESM has no `require`; some dependencies still call it for Node built-ins.
const REQUIRE_BANNER = "import { createRequire as __braidCreateRequire } from 'node:module'; const require = __braidCreateRequire(import.meta.url);";

/** Construction properties for `TaskFunction`. */
export interface TaskFunctionProps {
  /** Absolute path of the handler file; it must export `handler`. */
  readonly entry: string;
  /** Environment variables of the function. */
  readonly environment: Readonly<Record<string, string>>;
  /** Where the function logs; its role may write to this group only. */
  readonly logGroup: logs.ILogGroup;
}

/**
 * A Braid task: an arm64 Node.js function bundled locally by esbuild as ESM, traced by X-Ray,
 * logging JSON to its own log group, with a role that starts with no permissions but writing
 * those logs (no AWS managed policy).
 */
export class TaskFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: TaskFunctionProps) {
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Braid task ${id}`,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      runtime: TASK_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      role,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: props.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: { ...props.environment },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: {
        // Docker is neither needed nor available: esbuild is a local devDependency.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        banner: REQUIRE_BANNER,
        minify: true,
      },
    });
    props.logGroup.grantWrite(role);
  }
}
