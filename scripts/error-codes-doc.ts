// Writes docs/error-codes.md from the error registry and the retry policies:
// `npx tsx scripts/error-codes-doc.ts`. test/conventions/error-codes.test.ts fails when the file differs.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { AWS_ERROR_NAMES, BRAID_ERROR_CODES, type ErrorCodeInfo } from '../functions/core/error-codes.js';
import { RETRY_POLICIES } from '../statemachines/retry-policies.js';

/** Where the generated page lives. */
export const ERROR_CODES_DOC = fileURLToPath(new URL('../docs/error-codes.md', import.meta.url));

/** A table cell: pipes escaped, so a meaning cannot break the table. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function codeRows(codes: Readonly<Record<string, ErrorCodeInfo>>, retriedBy: (name: string) => string | undefined): string[] {
  return Object.entries(codes).map(([name, info]) => {
    const columns = [`\`${name}\``, info.fault, cell(info.meaning)];
    const policies = retriedBy(name);
    return `| ${policies === undefined ? columns.join(' | ') : [...columns, policies].join(' | ')} |`;
  });
}

/** The retry policies that retry `name`, as a table cell. */
function retryingPolicies(name: string): string {
  const policies = Object.entries(RETRY_POLICIES)
    .filter(([, policy]) => (policy.retrier.ErrorEquals as readonly string[]).includes(name))
    .map(([policyName]) => `\`${policyName}\``);
  return policies.length === 0 ? 'never' : policies.join(', ');
}

/** The page, formatted as Prettier would leave it. */
export async function renderErrorCodesDoc(): Promise<string> {
  const lines = [
    '# Error codes',
    '',
    '<!-- Generated from functions/core/error-codes.ts and statemachines/retry-policies.ts by `npx tsx scripts/error-codes-doc.ts`; edit those and run it. A test fails when this page differs. -->',
    '',
    'Every error Braid raises on purpose carries a stable code: the `code` of its `BraidError`, which is also the',
    '`Error` Step Functions reports, so the state machines, the CLI and your own alarms can match on it. The fault',
    'says whose it is: `user` (the input, the change or a decision: fix it and try again), `environment` (AWS,',
    'another actor or time: it usually passes, or needs a look around) or `braid` (a bug: please report it). The CLI',
    'turns it into its exit code ([cli.md](cli.md)).',
    '',
    "## Braid's codes",
    '',
    '| code | fault | meaning |',
    '| --- | --- | --- |',
    ...codeRows(BRAID_ERROR_CODES, () => undefined),
    '',
    "## AWS errors in Braid's state machines",
    '',
    'The Step Functions and service error names the state machines retry or catch, and what they mean there.',
    '',
    '| name | fault | meaning | retried by |',
    '| --- | --- | --- | --- |',
    ...codeRows(AWS_ERROR_NAMES, retryingPolicies),
    '',
    '## Retry policies',
    '',
    'A `Retry` in `statemachines/*.asl.json` names policies, e.g. `"Retry": ["${Retry.LambdaInvoke}", "${Retry.TargetBusy}"]`;',
    'they are put in place when the definition is loaded, by CDK and by the sandbox alike. Every retry is capped,',
    'jittered (`FULL`) and only for transient errors: anything else goes to a `Catch`, where compensation decides.',
    '',
    '| policy | for | errors | first wait (s) | retries | back-off rate | longest wait (s) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...Object.entries(RETRY_POLICIES).map(([name, { appliesTo, retrier }]) =>
      [
        '',
        `\`${name}\``,
        cell(appliesTo),
        retrier.ErrorEquals.map((error) => `\`${error}\``).join(', '),
        retrier.IntervalSeconds,
        retrier.MaxAttempts,
        retrier.BackoffRate,
        retrier.MaxDelaySeconds,
        '',
      ]
        .join(' | ')
        .trim(),
    ),
    '',
  ];
  const options = await prettier.resolveConfig(ERROR_CODES_DOC);
  return prettier.format(lines.join('\n'), { ...options, filepath: ERROR_CODES_DOC });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(ERROR_CODES_DOC, await renderErrorCodesDoc());
  console.log(`wrote ${ERROR_CODES_DOC}`);
}
