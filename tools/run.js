#!/usr/bin/env node
// Runs a TypeScript entry point with swc (decorator metadata + tsconfig paths), no build step.
// Usage: node tools/run.js path/to/entry.ts [args...]
'use strict';
const path = require('node:path');
process.env.SWC_NODE_PROJECT = process.env.SWC_NODE_PROJECT || path.join(__dirname, '..', 'tsconfig.json');
require('@swc-node/register');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run.js <entry.ts> [args...]');
  process.exit(2);
}
process.argv.splice(1, 2, path.resolve(entry));
// Load as the main module, so `require.main === module` holds in the entry point.
require('node:module')._load(path.resolve(entry), null, true);
