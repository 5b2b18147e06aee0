/** The EventBridge pattern that triggers the gate watcher: any alarm entering ALARM (the watcher filters by gate). */
export const GATE_WATCH_EVENT_PATTERN = {
  source: ['aws.cloudwatch'],
  'detail-type': ['CloudWatch Alarm State Change'],
  detail: { state: { value: ['ALARM'] } },
} as const;
