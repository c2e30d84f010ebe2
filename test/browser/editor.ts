/**
 * n8n's editor in a real browser: Debian's Chromium driven by puppeteer-core against a real n8n
 * (the demo's version) with this package installed from its tarball, a credential pointing at the
 * simulator and the example workflows imported. Shared by the browser suite (test/browser) and the
 * screenshot script (scripts/screenshots.ts). Dev-only code; everything listens on 127.0.0.1.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';

import { EXAMPLE_CREDENTIAL, examplesFor, serviceTitanCredential, type Workflow } from '../../scripts/lib/examples';
import { DEFAULT_N8N_VERSION, ensureN8n, installPackage, N8n, N8nRest, type N8nServer, packPackage } from '../../scripts/lib/n8n';
import { type Simulator, startSimulator } from '../../simulator';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const OWNER = { email: 'browser@example.com', password: 'Browser-Password-1', firstName: 'Browser', lastName: 'Test' };

/** The flags the suite runs Chromium with: no sandbox (root in CI), nothing that reaches the network. */
export const CHROMIUM_FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
	// A busy shared machine must not make Chromium throttle the page's timers.
	'--disable-background-timer-throttling',
	'--disable-renderer-backgrounding',
	'--disable-backgrounding-occluded-windows',
	'--window-size=1600,1000',
];

export interface EditorSession {
	sim: Simulator;
	n8n: N8n;
	server: N8nServer;
	rest: N8nRest;
	browser: Browser;
	page: Page;
	/** The n8n editor's URL, e.g. http://127.0.0.1:5678. */
	url: string;
	close(): Promise<void>;
}

export interface EditorOptions {
	/** n8n version (default: the demo's). */
	version?: string;
	/** Build the package before packing it (default true). */
	build?: boolean;
	/** Extra workflows to import next to the examples. */
	workflows?: Workflow[];
	log?: (line: string) => void;
}

/** Starts the simulator, n8n (with the packed package) and Chromium, and logs into the editor. */
export async function openEditor(options: EditorOptions = {}): Promise<EditorSession> {
	const log = options.log ?? (() => undefined);
	if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
	const version = options.version ?? DEFAULT_N8N_VERSION;
	const work = mkdtempSync(path.join(tmpdir(), 'st-browser-'));
	const cleanups: Array<() => Promise<void> | void> = [() => rmSync(work, { recursive: true, force: true })];
	const close = async () => {
		for (const cleanup of cleanups.reverse()) {
			try {
				await cleanup();
			} catch {
				// keep closing the rest
			}
		}
	};
	try {
		const install = await ensureN8n(version, log);
		const tarball = await packPackage(path.join(work, 'pack'), { build: options.build !== false });
		const userFolder = path.join(work, 'n8n');
		mkdirSync(userFolder, { recursive: true });
		await installPackage(tarball, userFolder);
		log('package installed');

		const sim = await startSimulator({ port: 0, sample: { jobs: 200, projects: 20 } });
		cleanups.push(() => sim.close());
		const n8n = new N8n({ install, userFolder });
		const target = { ...sim.tenant, apiBaseUrl: sim.url, tokenUrl: sim.tokenUrl };
		await n8n.importCredentials([serviceTitanCredential(target)]);
		await n8n.importWorkflows([...examplesFor(target), ...(options.workflows ?? [])]);
		log('credential and workflows imported');
		const server = await n8n.start();
		cleanups.push(() => server.stop());
		const rest = new N8nRest(server.url);
		await rest.ownerSetupOrLogin(OWNER);
		log(`n8n ${version} at ${server.url}`);

		const browser = await puppeteer.launch({
			executablePath: CHROMIUM,
			headless: true,
			args: [...CHROMIUM_FLAGS, `--user-data-dir=${path.join(work, 'chromium-profile')}`],
			defaultViewport: { width: 1600, height: 1000 },
			protocolTimeout: 120_000,
		});
		cleanups.push(() => browser.close());
		const page = await browser.newPage();
		page.setDefaultTimeout(30_000);
		// Leaving a workflow with unsaved edits asks "leave the page?": the suite always leaves.
		page.on('dialog', (dialog) => void dialog.accept());
		await signIn(page, server.url);
		log('signed in');
		return { sim, n8n, server, rest, browser, page, url: server.url, close };
	} catch (error) {
		await close();
		throw error;
	}
}

async function signIn(page: Page, url: string): Promise<void> {
	await page.goto(`${url}/signin`, { waitUntil: 'networkidle2' });
	await page.type('input[name="emailOrLdapLoginId"], input[type="email"]', OWNER.email);
	await page.type('input[name="password"], input[type="password"]', OWNER.password);
	await page.keyboard.press('Enter');
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** The element with this `data-test-id` (the attribute n8n's own end-to-end tests use). */
export function byTestId(id: string): string {
	return `[data-test-id="${id}"]`;
}

export async function waitForTestId(page: Page, id: string, timeout = 30_000): Promise<ElementHandle<Element>> {
	const handle = await page.waitForSelector(byTestId(id), { visible: true, timeout });
	if (!handle) throw new Error(`no element with data-test-id ${id}`);
	return handle;
}

export { EXAMPLE_CREDENTIAL };
