/** The EventBridge pattern that triggers the remediation detector: any alarm entering ALARM (the detector finds the targets watching it). */
export const REMEDIATION_EVENT_PATTERN = {
  source: ['aws.cloudwatch'],
  'detail-type': ['CloudWatch Alarm State Change'],
  detail: { state: { value: ['ALARM'] } },
} as const;
