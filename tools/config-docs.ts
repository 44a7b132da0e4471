/** Writes docs/configuration.md from the config classes (`npm run config-docs`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigurationDoc } from './config/configuration-doc';

const target = join(__dirname, '..', 'docs', 'configuration.md');
writeFileSync(target, renderConfigurationDoc());
console.log(`wrote ${target}`);
