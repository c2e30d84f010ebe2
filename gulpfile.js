// Copies what tsc does not emit into dist/: node and credential icons and the nodes' codex files.
const { src, dest } = require('gulp');

function buildIcons() {
	return src(['icons/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyCodex() {
	return src(['nodes/**/*.node.json'], { base: '.' }).pipe(dest('dist'));
}

exports['build:icons'] = require('gulp').parallel(buildIcons, copyCodex);
