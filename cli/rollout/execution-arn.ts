/**
 * The ARN of the rollout execution for an operation: executions are named after their operation
 * id, so the ARN follows from the state machine's (`…:stateMachine:<name>` → `…:execution:<name>:<id>`).
 */
export function executionArnFor(stateMachineArn: string, operationId: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${operationId}`;
}
