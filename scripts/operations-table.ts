/**
 * Prints the README's operation list from the catalog (the one source of truth), between the
 * markers `<!-- operations:start -->` and `<!-- operations:end -->`. `--write` updates README.md;
 * a test fails when the README and the catalog disagree.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { RESOURCES } from '../nodes/ServiceTitan/catalog';

export const START = '<!-- operations:start -->';
export const END = '<!-- operations:end -->';

export function operationsMarkdown(): string {
	const total = RESOURCES.reduce((sum, resource) => sum + resource.operations.length, 0);
	const lines = [`${total} operations, every one of ServiceTitan's JPM v2 API:`, ''];
	for (const resource of RESOURCES) {
		lines.push(`- **${resource.name}** (${resource.operations.length}): ${resource.description}`);
		const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
		for (const operation of operations) {
			lines.push(`  - ${operation.name}: ${operation.action.charAt(0).toUpperCase()}${operation.action.slice(1)} — \`${operation.method} ${operation.path}\` (\`${operation.operationId}\`)`);
		}
	}
	return lines.join('\n');
}

export function readmeWithOperations(readme: string): string {
	const start = readme.indexOf(START);
	const end = readme.indexOf(END);
	if (start < 0 || end < start) throw new Error(`README.md needs the markers ${START} and ${END}`);
	return `${readme.slice(0, start + START.length)}\n${operationsMarkdown()}\n${readme.slice(end)}`;
}

if (require.main === module) {
	const path = join(__dirname, '..', 'README.md');
	const updated = readmeWithOperations(readFileSync(path, 'utf8'));
	if (process.argv.includes('--write')) writeFileSync(path, updated);
	else process.stdout.write(`${operationsMarkdown()}\n`);
}
