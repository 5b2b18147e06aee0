import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/private/paths.js';

const run = promisify(execFile);

describe('npx cdk synth', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'braid-synth-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('bundles with local esbuild and writes the BraidExample template, exit 0', async () => {
    // execFile rejects on a non-zero exit, so reaching the assertions means exit 0.
    await run('npx', ['cdk', 'synth', '--quiet', '--output', outDir], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CDK_DISABLE_VERSION_CHECK: '1' },
      timeout: 120_000,
    });
    const templateFile = join(outDir, 'BraidExample.template.json');
    expect(existsSync(templateFile)).toBe(true);
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: Record<string, { Type: string }>; Outputs: Record<string, unknown> };
    expect(Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function').length).toBeGreaterThanOrEqual(8);
    // The CLI's configuration, named as its error messages name it.
    expect(Object.keys(template.Outputs).sort()).toEqual(['EscalationTopicArn', 'RemediationStateMachineArn', 'RolloutStateMachineArn', 'TableName']);
  }, 120_000);
});
