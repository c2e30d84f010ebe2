/**
 * The layers read top-down: no module of the simulator or of the nodes imports (even for types) a
 * module that imports it back, directly or through others.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(folder: string): string[] {
	return readdirSync(folder).flatMap((name) => {
		const path = join(folder, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

function localImports(file: string): string[] {
	const source = readFileSync(file, 'utf8');
	const targets: string[] = [];
	for (const match of source.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gms)) {
		const base = resolve(dirname(file), match[1]);
		const found = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => {
			try {
				return statSync(candidate).isFile();
			} catch {
				return false;
			}
		});
		if (found) targets.push(found);
	}
	return targets;
}

/** Groups of files that import each other in a circle (Tarjan's strongly connected components). */
function importCircles(folder: string): string[][] {
	const graph = new Map(sourceFiles(folder).map((file) => [file, localImports(file)]));
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const circles: string[][] = [];
	let counter = 0;
	const visit = (file: string): void => {
		index.set(file, counter);
		low.set(file, counter++);
		stack.push(file);
		onStack.add(file);
		for (const target of graph.get(file) ?? []) {
			if (!index.has(target)) {
				visit(target);
				low.set(file, Math.min(low.get(file)!, low.get(target)!));
			} else if (onStack.has(target)) {
				low.set(file, Math.min(low.get(file)!, index.get(target)!));
			}
		}
		if (low.get(file) === index.get(file)) {
			const group: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				group.push(relative(ROOT, member));
			} while (member !== file);
			if (group.length > 1) circles.push(group.sort());
		}
	};
	for (const file of graph.keys()) if (!index.has(file)) visit(file);
	return circles;
}

describe('import graph', () => {
	it.each(['simulator', 'nodes', 'credentials'])('%s/ has no import circle', (folder) => {
		expect(importCircles(join(ROOT, folder))).toEqual([]);
	});

	it('finds a circle when there is one (the check itself works)', () => {
		// Before this check existed the simulator's store, seed, domain services and renderer formed one
		// 13-file circle; a two-file circle in a scratch folder stands in for it here.
		const scratch = join(ROOT, '.tmp', `import-circle-${process.pid}`);
		mkdirSync(scratch, { recursive: true });
		writeFileSync(join(scratch, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
		writeFileSync(join(scratch, 'b.ts'), "import { type A } from './a';\nexport type B = A | 1;\n");
		try {
			expect(importCircles(scratch)).toEqual([[relative(ROOT, join(scratch, 'a.ts')), relative(ROOT, join(scratch, 'b.ts'))]]);
		} finally {
			rmSync(scratch, { recursive: true, force: true });
		}
	});
});
