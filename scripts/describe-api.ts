/**
 * Writes or checks simulator/api/jpm-v2.json, the project's facts-only description of the JPM v2 API,
 * from ServiceTitan's OpenAPI document (scripts/lib/vendorDocument.js finds it):
 *
 *   npm run describe-api              exits 1 when the file differs from what the document says
 *   npm run describe-api -- --write   rewrites the file (review the diff: it is the API that changed)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { API_DESCRIPTION_FILE as FILE } from '../simulator/api/description';
import { describeApi, type OpenApiDocument, renderDescription } from './lib/describeApi';
import { loadVendorDocument, vendorDocumentPath } from './lib/vendorDocument';


const text = renderDescription(describeApi(loadVendorDocument() as OpenApiDocument));
const relative = path.relative(process.cwd(), FILE);
if (process.argv.includes('--write')) {
	writeFileSync(FILE, text);
	console.log(`wrote ${relative} from ${vendorDocumentPath()}`);
} else {
	let current = '';
	try {
		current = readFileSync(FILE, 'utf8');
	} catch {
		// missing: reported below
	}
	if (current === text) {
		console.log(`${relative} says what ${vendorDocumentPath()} says`);
	} else {
		console.error(`${relative} is out of date with ${vendorDocumentPath()}: run \`npm run describe-api -- --write\` and review the diff`);
		process.exitCode = 1;
	}
}
