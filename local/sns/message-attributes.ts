import { AwsServiceError } from '../http/service.js';

/** One message attribute as published: its SNS data type and value (Binary values in base64). */
export interface MessageAttribute {
  /** `String`, `String.Array`, `Number` or `Binary`, optionally with a custom suffix (`Number.float`). */
  readonly dataType: string;
  readonly value: string;
}

const NAME = /^[A-Za-z0-9_\-.]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[A-Za-z0-9_\-.]+)?$/;
const RESERVED_PREFIXES = ['aws.', 'amazon.'];
/** A decimal number, optionally signed and with an exponent, as SNS's `Number` type accepts. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function invalidValue(message: string): AwsServiceError {
  return new AwsServiceError('ParameterValueInvalid', message);
}

function checkName(name: string): void {
  if (!NAME.test(name) || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    throw invalidValue(
      `The message attribute name '${name}' is invalid: use 1 to 256 letters, digits, '_', '-' or '.', not starting or ending with '.' nor with '..' inside.`,
    );
  }
  const reserved = RESERVED_PREFIXES.find((prefix) => name.toLowerCase().startsWith(prefix));
  if (reserved) throw invalidValue(`The message attribute name '${name}' uses the reserved prefix '${name.slice(0, reserved.length)}'; choose another name.`);
}

/**
 * Reads and validates the `MessageAttributes` of a Publish request, given as Query map entries
 * (`Name`, `Value.DataType`, `Value.StringValue`, `Value.BinaryValue`). Throws SNS's
 * `ParameterValueInvalid` (the SDK's `InvalidParameterValueException`) as SNS does.
 */
export function parseMessageAttributes(entries: readonly Record<string, string>[]): Record<string, MessageAttribute> {
  const attributes: Record<string, MessageAttribute> = {};
  for (const entry of entries) {
    const name = entry.Name ?? '';
    checkName(name);
    const dataType = entry['Value.DataType'];
    if (!dataType) throw invalidValue(`The message attribute '${name}' must contain non-empty message attribute type.`);
    if (!DATA_TYPE.test(dataType)) {
      throw invalidValue(
        `The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`,
      );
    }
    const binary = dataType.startsWith('Binary');
    const value = binary ? entry['Value.BinaryValue'] : entry['Value.StringValue'];
    if (value === undefined) throw invalidValue(`The message attribute '${name}' with type '${dataType}' must use field '${binary ? 'Binary' : 'String'}'.`);
    if (value === '')
      throw invalidValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}'.`);
    if (dataType.startsWith('Number') && !NUMBER.test(value)) {
      throw invalidValue(`Could not cast message attribute '${name}' value to number.`);
    }
    attributes[name] = { dataType, value };
  }
  return attributes;
}

/** Bytes the attributes add to a message's size (name, type and value), which SNS counts toward 256 KB. */
export function messageAttributesSize(attributes: Readonly<Record<string, MessageAttribute>>): number {
  let size = 0;
  for (const [name, { dataType, value }] of Object.entries(attributes)) {
    const valueBytes = dataType.startsWith('Binary') ? Buffer.from(value, 'base64').length : Buffer.byteLength(value);
    size += Buffer.byteLength(name) + Buffer.byteLength(dataType) + valueBytes;
  }
  return size;
}
