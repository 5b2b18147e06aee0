import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeImports } from '../../bench/private/runtime-imports.js';

describe('runtimeImports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'braid-runtime-imports-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists the packages a bundle imports when it loads, without Node built-ins or lazy imports', async () => {
    const file = join(dir, 'index.mjs');
    writeFileSync(
      file,
      [
        'import{createRequire as r}from"node:module";const require=r(import.meta.url);',
        'import{SFNClient as a}from"@aws-sdk/client-sfn";import{readFileSync as b}from"node:fs";import c from"path";',
        'import{DynamoDBClient as d}from"@aws-sdk/client-dynamodb";import{marshall as e}from"@aws-sdk/util-dynamodb";import"@smithy/core";',
        'import{SFNClient as f}from"@aws-sdk/client-sfn";',
        'const g=()=>import("@aws-sdk/client-lambda");',
        'export const handler=()=>[a,b,c,d,e,f,g];',
      ].join(''),
    );
    await expect(runtimeImports(file)).resolves.toEqual(['@aws-sdk/client-dynamodb', '@aws-sdk/client-sfn', '@aws-sdk/util-dynamodb', '@smithy/core']);
  });
});
