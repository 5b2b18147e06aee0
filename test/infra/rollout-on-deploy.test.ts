import { Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { BraidExampleStack } from '../../infra/example-stack.js';
import { RolloutOnDeploy } from '../../infra/rollout-on-deploy.js';
import { testApp } from './test-app.js';

function stackWith(waitForOutcome: boolean, timeout?: Duration) {
  const app = testApp();
  const stack = new BraidExampleStack(app, 'BraidExample');
  new RolloutOnDeploy(stack, 'OnDeploy', { braid: stack.braid, target: stack.target, version: stack.alias.version, waitForOutcome, timeout });
  return { app, stack };
}

describe('RolloutOnDeploy', () => {
  it('records the deployed version in a custom resource, so a new version starts one rollout', () => {
    const { stack } = stackWith(false);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::BraidRolloutOnDeploy', {
      TargetName: stack.resolve(stack.target.targetName),
      Version: stack.resolve(stack.alias.version.version),
    });
    // Without waiting there is no isComplete handler, hence no waiter state machine: only Braid's rollout and remediation ones.
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  });

  it('waits for the outcome through an isComplete handler when asked, within the timeout', () => {
    const template = Template.fromStack(stackWith(true, Duration.minutes(90)).stack);
    // Braid's two and the provider's waiter.
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 3);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ BRAID_ROLLOUT_STATE_MACHINE_ARN: Match.anyValue() }) },
    });
  });

  it('refuses a timeout CloudFormation cannot honour', () => {
    expect(() => stackWith(true, Duration.hours(3))).toThrow('Invalid rollout on deploy: timeout: must be from 1 minute to 2 hours');
  });

  it('leaves nothing unacknowledged for cdk-nag', () => {
    for (const wait of [false, true]) {
      const { app } = stackWith(wait);
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      expect(() => app.synth()).not.toThrow();
    }
  });
});
