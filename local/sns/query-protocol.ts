import type { AwsServiceError, SandboxRequest, SandboxResponse } from '../http/service.js';

/** One AWS Query request: the form body's `Action` and `Version`, and all its parameters. */
export interface QueryCall {
  readonly action: string;
  readonly version: string;
  readonly params: URLSearchParams;
}

/**
 * The AWS Query call a request carries, or undefined when it is not one for `version`.
 * Query services share the wire (`POST /`, form body), so the API version in the body is what
 * tells them apart: SNS is `2010-03-31`, CloudWatch's query wire `2010-08-01`, SQS `2012-11-05`.
 */
export function queryCall(request: SandboxRequest, version: string): QueryCall | undefined {
  if (request.method !== 'POST') return undefined;
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) return undefined;
  const params = new URLSearchParams(request.body.toString('utf8'));
  if (params.get('Version') !== version) return undefined;
  return { action: params.get('Action') ?? '', version, params };
}

/**
 * The members of a Query-serialised map `<prefix>.entry.N.<member>`, one record per entry in
 * index order, keyed by what follows the index (`Name`, `Value.DataType`, …).
 */
export function queryMapEntries(params: URLSearchParams, prefix: string): Record<string, string>[] {
  const head = `${prefix}.entry.`;
  const entries = new Map<number, Record<string, string>>();
  for (const [key, value] of params) {
    if (!key.startsWith(head)) continue;
    const rest = key.slice(head.length);
    const dot = rest.indexOf('.');
    const index = Number(rest.slice(0, dot));
    if (dot < 1 || !Number.isInteger(index)) continue;
    const entry = entries.get(index) ?? {};
    entry[rest.slice(dot + 1)] = value;
    entries.set(index, entry);
  }
  return [...entries.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;' };

/** Escapes text for an XML element's content (`\r` too: parsers turn a raw CR LF into LF). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"'\r]/g, (char) => XML_ESCAPES[char]!);
}

/** `<name>content</name>`; `content` is markup, so escape text with {@link xmlText} first. */
export function xmlElement(name: string, ...content: string[]): string {
  return `<${name}>${content.join('')}</${name}>`;
}

/** An element holding escaped text, or nothing when the value is undefined. */
export function xmlText(name: string, value: string | undefined): string {
  return value === undefined ? '' : xmlElement(name, xmlEscape(value));
}

/** A Query map as the XML deserialiser reads it: `<entry><key/><value/></entry>` members. */
export function xmlMap(name: string, map: Readonly<Record<string, string>>): string {
  return xmlElement(name, ...Object.entries(map).map(([key, value]) => xmlElement('entry', xmlText('key', key), xmlText('value', value))));
}

const XML_HEADERS = { 'content-type': 'text/xml' };

/**
 * A success answer: `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`.
 * @param result the result element's markup; undefined for actions without output (no Result element)
 */
export function queryResponse(action: string, xmlns: string, requestId: string, result: string | undefined): SandboxResponse {
  const body = `<${action}Response xmlns="${xmlns}">${result === undefined ? '' : xmlElement(`${action}Result`, result)}${xmlElement('ResponseMetadata', xmlText('RequestId', requestId))}</${action}Response>`;
  return { status: 200, headers: { ...XML_HEADERS, 'x-amzn-requestid': requestId }, body };
}

/** An error answer: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`. */
export function queryErrorResponse(error: AwsServiceError, xmlns: string, requestId: string): SandboxResponse {
  const detail = xmlElement(
    'Error',
    xmlText('Type', error.status >= 500 ? 'Receiver' : 'Sender'),
    xmlText('Code', error.code),
    xmlText('Message', error.message),
  );
  const body = `<ErrorResponse xmlns="${xmlns}">${detail}${xmlText('RequestId', requestId)}</ErrorResponse>`;
  return { status: error.status, headers: { ...XML_HEADERS, 'x-amzn-requestid': requestId }, body };
}
