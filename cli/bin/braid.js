#!/usr/bin/env node
// The `braid` command. Runs the TypeScript sources through tsx so a clone works without a build step.
import { register } from 'tsx/esm/api';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv);
