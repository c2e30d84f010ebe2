import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readmeWithOperations } from '../../scripts/operations-table';

describe('README', () => {
	it('lists every operation of the catalog (regenerate with `npx ts-node scripts/operations-table.ts --write`)', () => {
		const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
		expect(readme).toBe(readmeWithOperations(readme));
	});
});
