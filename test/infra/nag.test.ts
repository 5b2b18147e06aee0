import { Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BraidExampleStack } from '../../infra/example-stack.js';
import { testApp } from './test-app.js';

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the example stack', () => {
    const app = testApp();
    new BraidExampleStack(app, 'BraidExample');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('fails the synth on a non-compliant resource, so the check above can fail', () => {
    const app = testApp();
    const stack = new BraidExampleStack(app, 'BraidExample');
    // No point-in-time recovery: AwsSolutions-DDB3.
    new dynamodb.Table(stack, 'Unprotected', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow(/AwsSolutions-DDB3/);
  });
});
