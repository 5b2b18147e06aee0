import { describe, expect, it } from 'vitest';
import { integrationErrorName, parseTaskResource, UnsupportedTaskResourceError } from '../../../local/stepfunctions/task-resource.js';

describe('parseTaskResource', () => {
  it.each([
    ['arn:aws:states:::lambda:invoke', { kind: 'lambda-invoke', callback: false, resourceType: 'lambda', resourceName: 'invoke' }],
    ['arn:aws:states:::lambda:invoke.waitForTaskToken', { kind: 'lambda-invoke', callback: true, resourceName: 'invoke.waitForTaskToken' }],
    [
      'arn:aws:lambda:us-east-1:000000000000:function:braid-gate:live',
      { kind: 'lambda-function', functionName: 'arn:aws:lambda:us-east-1:000000000000:function:braid-gate:live' },
    ],
    [
      'arn:aws:states:::aws-sdk:lambda:updateAlias',
      { kind: 'sdk-call', service: 'lambda', action: 'updateAlias', errorPrefix: 'Lambda', resourceType: 'aws-sdk:lambda', resourceName: 'updateAlias' },
    ],
    ['arn:aws:states:::aws-sdk:dynamodb:transactWriteItems', { kind: 'sdk-call', service: 'dynamodb', action: 'transactWriteItems', errorPrefix: 'DynamoDb' }],
    [
      'arn:aws:states:::dynamodb:updateItem',
      { kind: 'sdk-call', service: 'dynamodb', action: 'updateItem', errorPrefix: 'DynamoDB', resourceType: 'dynamodb' },
    ],
    [
      'arn:aws:states:::sns:publish',
      {
        kind: 'sdk-call',
        service: 'sns',
        action: 'publish',
        callback: false,
        errorPrefix: 'SNS',
        exceptionSuffix: false,
        resourceType: 'sns',
        resourceName: 'publish',
      },
    ],
    [
      'arn:aws:states:::sns:publish.waitForTaskToken',
      { kind: 'sdk-call', service: 'sns', action: 'publish', callback: true, resourceName: 'publish.waitForTaskToken' },
    ],
  ])('reads %s', (resource, expected) => {
    expect(parseTaskResource(resource)).toMatchObject(expected);
  });

  it.each([
    ['arn:aws:states:::lambda:invoke.sync', "pattern '.sync'"],
    ['arn:aws:states:::sqs:sendMessage', "integration 'sqs:sendMessage'"],
    ['arn:aws:states:us-east-1:000000000000:activity:approve', 'neither a Lambda function ARN'],
  ])('refuses %s, saying why', (resource, reason) => {
    expect(() => parseTaskResource(resource)).toThrow(UnsupportedTaskResourceError);
    expect(() => parseTaskResource(resource)).toThrow(reason);
  });
});

describe('integrationErrorName', () => {
  it('prefixes aws-sdk errors with the PascalCase service name and an Exception suffix', () => {
    const sdk = parseTaskResource('arn:aws:states:::aws-sdk:dynamodb:putItem');
    if (sdk.kind !== 'sdk-call') throw new Error('expected an sdk-call');
    expect(integrationErrorName(sdk, 'ConditionalCheckFailedException')).toBe('DynamoDb.ConditionalCheckFailedException');
    expect(integrationErrorName(sdk, 'InternalServerError')).toBe('DynamoDb.InternalServerErrorException');
  });

  it('keeps the error name of the optimised DynamoDB integration', () => {
    const optimised = parseTaskResource('arn:aws:states:::dynamodb:putItem');
    if (optimised.kind !== 'sdk-call') throw new Error('expected an sdk-call');
    expect(integrationErrorName(optimised, 'ConditionalCheckFailedException')).toBe('DynamoDB.ConditionalCheckFailedException');
  });

  it('names errors of the optimised SNS integration SNS.<SDK exception name>', () => {
    const publish = parseTaskResource('arn:aws:states:::sns:publish');
    if (publish.kind !== 'sdk-call') throw new Error('expected an sdk-call');
    expect(integrationErrorName(publish, 'NotFoundException')).toBe('SNS.NotFoundException');
    expect(integrationErrorName(publish, 'InvalidParameterException')).toBe('SNS.InvalidParameterException');
  });
});
