import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findExecutable } from '../../local/dynamodb/private/find-executable.js';
import { aptInstall, canAptInstall } from '../../local/system/apt-install.js';

const execFileAsync = promisify(execFile);

/** The standard AWS CLI: the machine image's, or Debian's `awscli` installed on first use. */
export async function ensureAwsCli(): Promise<string> {
  const found = findExecutable('aws');
  if (found) return found;
  if (!canAptInstall()) throw new Error('The AWS CLI (`aws`) is needed for this test: install it (Debian: apt-get install awscli).');
  await aptInstall(['awscli'], 'the AWS CLI tests');
  const installed = findExecutable('aws');
  if (!installed) throw new Error('apt-get installed awscli but `aws` is still not on PATH.');
  return installed;
}

/** Runs `aws --endpoint-url <endpoint> … --output json` against the sandbox and parses its answer. */
export async function awsJson(endpoint: string, args: readonly string[]): Promise<any> {
  const aws = await ensureAwsCli();
  const { stdout } = await execFileAsync(aws, ['--endpoint-url', endpoint, ...args, '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    timeout: 60_000,
  });
  return JSON.parse(stdout);
}
