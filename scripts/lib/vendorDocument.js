'use strict';
/**
 * ServiceTitan's own OpenAPI document for JPM v2 (the contract): where it is, whether it is here,
 * and reading it. The one place that knows this; every script, jest config and contract test asks
 * here. It is never copied into the repository: the simulator, the demo and every other suite run
 * from the project's own facts-only description (simulator/api/jpm-v2.json, `npm run describe-api`).
 *
 *   node scripts/lib/vendorDocument.js check    says where the document is, or which suites need it
 *                                               and where to get it; exits 1 when it is absent and
 *                                               CI is set (CI always has it and runs them)
 *   node scripts/lib/vendorDocument.js present  exit status only: 0 when the document is readable
 *   node scripts/lib/vendorDocument.js path     prints the path it is read from
 *
 * Plain JavaScript so that shell scripts and jest.config.js use it before anything is compiled.
 */
const fs = require('node:fs');
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The one override. */
const VENDOR_DOCUMENT_ENV = 'SERVICETITAN_SPEC_PATH';
const DEFAULT_VENDOR_DOCUMENT = path.resolve(REPO_ROOT, '..', 'shared', 'servicetitan', 'jpm-v2.openapi.json');

/**
 * The suites that hold the package against the document itself (the others use the description,
 * which test/contract/apiDescription.test.ts holds against the document). Without the document jest
 * leaves them out and says so; test/unit/vendorDocument.test.ts checks that exactly these read it.
 */
const SUITES_NEEDING_DOCUMENT = [
	'test/contract/apiDescription.test.ts',
	'test/contract/catalog.test.ts',
	'test/integration/everyField.test.ts',
];
/** Outside jest: scripts/e2e.sh's leg with Prism validating against the document. */
const OTHER_CHECKS_NEEDING_DOCUMENT = ['the e2e leg behind Prism (scripts/e2e.sh)'];

function vendorDocumentPath() {
	const override = process.env[VENDOR_DOCUMENT_ENV];
	return override ? path.resolve(override) : DEFAULT_VENDOR_DOCUMENT;
}

function hasVendorDocument() {
	try {
		return fs.statSync(vendorDocumentPath()).isFile();
	} catch {
		return false;
	}
}

/** A reference that lives beside the document (ENDPOINTS.md). */
function besideVendorDocument(name) {
	return path.join(path.dirname(vendorDocumentPath()), name);
}

function isCi() {
	const value = process.env.CI;
	return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** What a contributor reads when the document is absent: what is not run, where to get it, where to put it. */
function missingDocumentMessage() {
	return [
		`[vendor document] ServiceTitan's JPM v2 OpenAPI document is not at ${vendorDocumentPath()}.`,
		'  Not run without it (they hold the package against the document itself):',
		...SUITES_NEEDING_DOCUMENT.map((suite) => `    - ${suite}`),
		...OTHER_CHECKS_NEEDING_DOCUMENT.map((check) => `    - ${check}`),
		"  Get it from ServiceTitan's developer portal (developer.servicetitan.io) → API reference → JPM v2 →",
		'  OpenAPI document, and save it as ../shared/servicetitan/jpm-v2.openapi.json beside the repository',
		`  (${DEFAULT_VENDOR_DOCUMENT}; ENDPOINTS.md beside it), or set ${VENDOR_DOCUMENT_ENV} to its path.`,
		'  Everything else runs from the repository alone.',
		...(isCi() ? ['  CI is set: CI must run these suites, so this run fails.'] : []),
	].join('\n');
}

let cached;

/** The parsed document (once per process); throws the message above when it is absent. */
function loadVendorDocument() {
	if (cached) return cached;
	const file = vendorDocumentPath();
	if (!hasVendorDocument()) throw new Error(missingDocumentMessage());
	const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
	if (!parsed || !parsed.paths || !parsed.components || !parsed.components.schemas) {
		throw new Error(`${file} does not look like the JPM v2 OpenAPI document (no paths/components).`);
	}
	cached = parsed;
	return parsed;
}

module.exports = {
	VENDOR_DOCUMENT_ENV,
	DEFAULT_VENDOR_DOCUMENT,
	SUITES_NEEDING_DOCUMENT,
	OTHER_CHECKS_NEEDING_DOCUMENT,
	vendorDocumentPath,
	hasVendorDocument,
	besideVendorDocument,
	missingDocumentMessage,
	isCi,
	loadVendorDocument,
};

if (require.main === module) {
	const command = process.argv[2];
	if (command === 'path') {
		console.log(vendorDocumentPath());
	} else if (command === 'present') {
		process.exitCode = hasVendorDocument() ? 0 : 1;
	} else if (command === 'check') {
		if (hasVendorDocument()) {
			console.log(`[vendor document] ${vendorDocumentPath()}: the contract suites run against it.`);
		} else {
			console.error(missingDocumentMessage());
			process.exitCode = isCi() ? 1 : 0;
		}
	} else {
		console.error('usage: node scripts/lib/vendorDocument.js check | present | path');
		process.exitCode = 2;
	}
}
