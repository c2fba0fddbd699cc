#!/usr/bin/env node
// The installed `bench` and `meshbench`: the CLI bundled into dist/cli-bundle/ (`npm run build`; in a
// checkout `npm ci` builds through `prepare`). `npm run bench -- <args>` runs the TypeScript sources instead.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli-bundle/bench-main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(`error: ${entry.pathname} is missing\nhint: in a checkout run \`npm run build\` (or \`npm ci\`); otherwise reinstall meshbench\n`);
  process.exit(1);
}
await import(entry.href);
