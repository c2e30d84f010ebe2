import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readmeWithOperations } from '../../scripts/operations-table';

describe('README', () => {
	it('lists every operation of the catalog (regenerate with `npx ts-node scripts/operations-table.ts --write`)', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toBe(readmeWithOperations(readme));
	});

	it('shows only screenshots that are in the repository', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		const shots = [...readme.matchAll(/\(docs\/screenshots\/([\w-]+\.png)\)/g)].map((match) => match[1]);
		expect(shots.length).toBeGreaterThanOrEqual(10);
		expect(shots.filter((file) => !existsSync(join(__dirname, '..', '..', 'docs', 'screenshots', file)))).toEqual([]);
	});
});
