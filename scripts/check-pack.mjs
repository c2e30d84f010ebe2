// Fails unless `npm pack` would publish only what users install: dist/, README, LICENSE, package.json.
import { execFileSync } from 'node:child_process';

const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }));
const allowed = (path) => path.startsWith('dist/') || ['README.md', 'LICENSE', 'package.json'].includes(path);
const files = pack.files.map((file) => file.path);
const unexpected = files.filter((path) => !allowed(path));
const missing = ['README.md', 'LICENSE', 'package.json', 'dist/credentials/ServiceTitanApi.credentials.js', 'dist/nodes/ServiceTitan/ServiceTitan.node.js', 'dist/nodes/ServiceTitan/ServiceTitanTrigger.node.js', 'dist/nodes/ServiceTitan/ServiceTitan.node.json', 'dist/nodes/ServiceTitan/__schema__/v1.0.0/job/getAll.json', 'dist/icons/servicetitan.svg', 'dist/icons/servicetitan.dark.svg'].filter((path) => !files.includes(path));
const leaked = files.filter((path) => /(^|\/)(test|simulator|bench|scripts)\//.test(path) || /\.test\.js$/.test(path));
console.log(`npm pack: ${files.length} files, ${pack.size} bytes packed, ${pack.unpackedSize} unpacked`);
if (unexpected.length || missing.length || leaked.length) {
	console.error('Package contents are wrong:', { unexpected, missing, leaked });
	process.exit(1);
}
