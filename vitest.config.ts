import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Most tests wait on DynamoDB Local, a child process or the sandbox's HTTP endpoint, so two
    // workers keep two cores busy where vitest's default (cores - 1) would run one at a time.
    maxWorkers: Math.max(2, availableParallelism()),
    // A worker runs its test files one after another in one process, so the AWS SDK, aws-cdk-lib
    // with its CloudFormation validator, and the worker's DynamoDB Local are loaded and started
    // once per worker instead of once per file. Tests keep no state between files: each makes
    // its own sandbox and tables, and restores what it mocks or stubs.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'sandbox',
      AWS_SECRET_ACCESS_KEY: 'sandbox',
      CDK_DISABLE_VERSION_CHECK: '1',
    },
  },
});
