import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../../local/http/service.js';
import { queryErrorResponse, queryMapEntries, queryResponse, xmlEscape } from '../../../local/sns/query-protocol.js';

describe('queryMapEntries', () => {
  it('groups X.entry.N.member parameters by numeric index, in index order', () => {
    const params = new URLSearchParams(
      'Action=Publish&MessageAttributes.entry.10.Name=ten&MessageAttributes.entry.10.Value.DataType=String&MessageAttributes.entry.2.Name=two' +
        '&MessageAttributes.entry.2.Value.StringValue=a%26b&MessageAttributes.entry.x.Name=ignored&Attributes.entry.1.key=other',
    );
    expect(queryMapEntries(params, 'MessageAttributes')).toEqual([
      { Name: 'two', 'Value.StringValue': 'a&b' },
      { Name: 'ten', 'Value.DataType': 'String' },
    ]);
    expect(queryMapEntries(params, 'Attributes')).toEqual([{ key: 'other' }]);
  });
});

describe('XML rendering', () => {
  it('escapes markup characters and carriage returns', () => {
    expect(xmlEscape(`<a href="x">Tom & 'Jerry'</a>\r\n`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;&#13;\n');
  });

  it('wraps results in <Action>Response with the request id, and errors in ErrorResponse', () => {
    expect(queryResponse('DeleteTopic', 'urn:x', 'r-1', undefined).body).toBe(
      '<DeleteTopicResponse xmlns="urn:x"><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></DeleteTopicResponse>',
    );
    const error = queryErrorResponse(new AwsServiceError('NotFound', 'Topic does not exist', 404), 'urn:x', 'r-2');
    expect(error).toEqual({
      status: 404,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'r-2' },
      body: '<ErrorResponse xmlns="urn:x"><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r-2</RequestId></ErrorResponse>',
    });
  });
});
