/**
 * Writes docs/asyncapi.yaml from the event registry in libs/contracts (`npm run asyncapi`).
 * `--check` exits 1 when the committed file is out of date instead of writing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAsyncApiYaml } from '@selvbook/contracts/asyncapi';

const target = join(__dirname, '..', 'docs', 'asyncapi.yaml');
const yaml = renderAsyncApiYaml();

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing file is out of date too
  }
  if (current !== yaml) {
    console.error(`${target} is out of date: run npm run asyncapi`);
    process.exit(1);
  }
  console.log(`${target} is up to date`);
} else {
  writeFileSync(target, yaml);
  console.log(`wrote ${target}`);
}
