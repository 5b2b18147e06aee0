#!/usr/bin/env node
// The `braid` command. Compiled to dist/braid.js by scripts/build-cli.js (`npm ci` runs it).

// Braid runs on Node 20: the AWS SDK's notice that its future releases will not is not for the
// user. Set before the first client loads (lazily, with the command that needs it).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../main.js');
process.exitCode = await main(process.argv);
