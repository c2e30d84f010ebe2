// Copies what tsc does not emit into dist/: node and credential icons, the nodes' codex files and their
// output schemas (__schema__, read by n8n to preview a node's output before it runs).
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['icons/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
	return src(['nodes/**/*.node.json', 'nodes/**/__schema__/**/*.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = require('gulp').parallel(buildIcons, copyCodex);
