#!/usr/bin/env node
// The `braid` command. Compiled to dist/braid.js by scripts/build-cli.js (`npm ci` runs it).

// Before the first AWS SDK client loads (lazily, with the command that needs it): Node 20 is supported here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../main.js');
process.exitCode = await main(process.argv);
