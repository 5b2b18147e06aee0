/**
 * What Step Functions does around SNS Publish in its optimised `arn:aws:states:::sns:publish`
 * integration, so the sandbox can run that Task through the real `PublishCommand`.
 */

/** The ASL-side shape of one message attribute (`BinaryValue` is base64 text in JSON). */
interface TaskMessageAttribute {
  readonly DataType?: unknown;
  readonly StringValue?: unknown;
  readonly BinaryValue?: unknown;
}

/**
 * Turns a `sns:publish` Task's Parameters into `PublishCommand` input: a `Message` that is not a
 * string (a JSON object, array, number…) is sent as its JSON text, as Step Functions does, and
 * base64 `BinaryValue`s become bytes, as the SDK expects. Other members pass through.
 */
export function snsPublishParameters(parameters: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const input: Record<string, unknown> = { ...parameters };
  if (input.Message !== undefined && typeof input.Message !== 'string') input.Message = JSON.stringify(input.Message);
  const attributes = input.MessageAttributes;
  if (attributes !== null && typeof attributes === 'object' && !Array.isArray(attributes)) {
    input.MessageAttributes = Object.fromEntries(
      Object.entries(attributes as Record<string, TaskMessageAttribute>).map(([name, attribute]) => [
        name,
        typeof attribute?.BinaryValue === 'string' ? { ...attribute, BinaryValue: Buffer.from(attribute.BinaryValue, 'base64') } : attribute,
      ]),
    );
  }
  return input;
}

/** What `PublishCommand` resolves to, as far as the Task's result needs it. */
export interface SnsPublishOutput {
  readonly MessageId?: string;
  readonly SequenceNumber?: string;
  readonly $metadata?: { readonly httpStatusCode?: number; readonly requestId?: string };
}

/**
 * The Task's result as Step Functions returns it for `sns:publish`: the Publish output plus
 * `SdkHttpMetadata` and `SdkResponseMetadata` (AWS also lists every HTTP header; the sandbox
 * gives the content type and request id).
 */
export function snsPublishResult(output: SnsPublishOutput): Record<string, unknown> {
  const requestId = output.$metadata?.requestId ?? '';
  return {
    MessageId: output.MessageId,
    ...(output.SequenceNumber === undefined ? {} : { SequenceNumber: output.SequenceNumber }),
    SdkHttpMetadata: {
      HttpHeaders: { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId },
      HttpStatusCode: output.$metadata?.httpStatusCode ?? 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
