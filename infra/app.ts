import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BraidExampleStack } from './example-stack.js';

// The CDK app behind `npx cdk synth|deploy` (see cdk.json): the example stack, checked by
// cdk-nag's AwsSolutions pack; any unacknowledged finding fails the synth.
const app = new App();
new BraidExampleStack(app, 'BraidExample');
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
