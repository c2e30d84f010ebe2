/**
 * Writes the output schemas (nodes/ServiceTitan/__schema__) from the facts of ServiceTitan's OpenAPI document (simulator/api/jpm-v2.json):
 * `npm run schemas`. See scripts/lib/outputSchemas.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { renderSchemas, SCHEMA_ROOT } from './lib/outputSchemas';

rmSync(SCHEMA_ROOT, { recursive: true, force: true });
const files = renderSchemas();
for (const [file, content] of files) {
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, content);
}
console.log(`wrote ${files.size} output schemas under ${path.relative(process.cwd(), SCHEMA_ROOT)}`);
