/** Rewrites test/fixtures/results/* from result-fixtures.ts: `npx tsx test/helpers/write-result-fixtures.ts`. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildResultFixtures } from './result-fixtures.ts';

const dir = fileURLToPath(new URL('../fixtures/results/', import.meta.url));
for (const [name, content] of Object.entries(buildResultFixtures())) {
  const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
  writeFileSync(join(dir, name), text);
  process.stdout.write(`wrote ${join('test/fixtures/results', name)} (${text.length} bytes)\n`);
}
