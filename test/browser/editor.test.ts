/**
 * The package in n8n's editor, in a real browser (Debian's Chromium through puppeteer-core), against
 * the demo's n8n and the simulator: what a no-code user meets first. `bash scripts/browser.sh` (part
 * of the README's test command) runs it; screenshots of each screen land in .tmp/browser-shots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from 'puppeteer-core';

import { REPO_ROOT } from '../../scripts/lib/n8n';
import { businessUnits, campaigns, customer, locationIdsOf, location } from '../../simulator/lookups/directory';
import { REFERENCED } from '../../simulator/ids';
import { byTestId, type EditorSession, openEditor } from './editor';
import { AGENT_TOOL, BROWSER_WORKFLOWS, FRESH_NODE, JOB_CREATE } from './workflows';

const SHOTS = path.join(REPO_ROOT, '.tmp', 'browser-shots');
let session: EditorSession;
let page: Page;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function shot(name: string): Promise<void> {
	await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

async function openWorkflow(id: string): Promise<void> {
	await page.goto(`${session.url}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.waitForSelector(byTestId('canvas-node'), { visible: true, timeout: 60_000 });
	await pause(500);
}

async function openNode(name: string): Promise<void> {
	for (const node of await page.$$(byTestId('canvas-node'))) {
		const label = await node.evaluate((element) => element.textContent?.trim() ?? '');
		if (label.startsWith(name)) {
			await node.click({ clickCount: 2 });
			await page.waitForSelector(byTestId('ndv'), { visible: true });
			await pause(500);
			return;
		}
	}
	throw new Error(`no node ${name} on the canvas`);
}

async function visibleTexts(selector: string): Promise<string[]> {
	return await page.$$eval(selector, (elements) =>
		elements.filter((element) => (element as HTMLElement).offsetParent !== null).map((element) => element.textContent?.trim() ?? ''),
	);
}

/** Opens a resource locator's From List dropdown and returns the labels it shows once loaded. */
async function listOf(parameter: string, search?: string): Promise<string[]> {
	await page.click(`${byTestId(`resource-locator-${parameter}`)} ${byTestId('rlc-input')}`);
	await page.waitForSelector(byTestId('rlc-search'), { visible: true });
	if (search) await page.type(byTestId('rlc-search'), search);
	await page.waitForFunction(
		(selector) => Array.from(document.querySelectorAll(selector)).some((element) => (element as HTMLElement).offsetParent !== null),
		{ timeout: 30_000 },
		byTestId('rlc-item'),
	);
	await pause(500);
	return await visibleTexts(byTestId('rlc-item'));
}

async function pickFirst(): Promise<void> {
	for (const item of await page.$$(byTestId('rlc-item'))) {
		if (await item.evaluate((element) => (element as HTMLElement).offsetParent !== null)) {
			await item.click();
			await pause(500);
			return;
		}
	}
	throw new Error('no list item to pick');
}

/** Fields n8n marks as having a problem (red border or warning icon). */
async function flaggedFields(): Promise<number> {
	return (await page.$$('[data-test-id="node-parameters"] .has-issues, [data-test-id="node-parameters"] [data-test-id="parameter-issues"]')).length;
}

async function searchNodeCreator(query: string): Promise<string[]> {
	const bar = byTestId('node-creator-search-bar');
	await page.click(bar, { clickCount: 3 });
	await page.keyboard.press('Backspace');
	await page.type(bar, query);
	await pause(1200);
	return await visibleTexts(byTestId('node-creator-item-name'));
}

beforeAll(async () => {
	mkdirSync(SHOTS, { recursive: true });
	session = await openEditor({ workflows: BROWSER_WORKFLOWS, build: process.env.BROWSER_SKIP_BUILD !== '1', log: (line) => console.log(`[browser] ${line}`) });
	page = session.page;
}, 600_000);

afterAll(async () => {
	await session?.close();
}, 120_000);

describe(`ServiceTitan in the n8n editor (Chromium)`, () => {
	it('node search finds ServiceTitan for "service titan", "jobs" and "reschedule appointment", as a trigger and as a step', async () => {
		await page.goto(`${session.url}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await page.waitForSelector(byTestId('canvas-plus-button'), { visible: true, timeout: 60_000 });
		await page.click(byTestId('canvas-plus-button'));
		await page.waitForSelector(byTestId('node-creator-search-bar'), { visible: true });
		for (const query of ['service titan', 'jobs', 'reschedule appointment']) {
			expect({ query, found: await searchNodeCreator(query) }).toEqual({ query, found: expect.arrayContaining(['ServiceTitan']) });
		}
		await shot('node-search-trigger');
		await page.keyboard.press('Escape');

		await openWorkflow('stExJobsAppointments');
		await shot('canvas-subtitles');
		expect(await visibleTexts('[data-test-id="canvas-node"]')).toEqual(
			expect.arrayContaining([expect.stringContaining('Get upcoming visitsGet many appointments'), expect.stringContaining('Move it one day laterReschedule an appointment')]),
		);
		await page.click(byTestId('node-creator-plus-button'));
		await page.waitForSelector(byTestId('node-creator-search-bar'), { visible: true });
		for (const query of ['service titan', 'jobs', 'reschedule appointment']) {
			expect({ query, found: await searchNodeCreator(query) }).toEqual({ query, found: expect.arrayContaining(['ServiceTitan']) });
		}
		await shot('node-search-step');
		await page.keyboard.press('Escape');
	});

	/** The node just added opens on Job → Get Many, with nothing flagged. */
	async function expectFreshRead(workflowId: string, screenshot: string): Promise<void> {
		await openWorkflow(workflowId);
		await openNode('ServiceTitan');
		const shown = async (parameter: string) =>
			await page.$eval(`${byTestId(`parameter-input-${parameter}`)} input`, (input) => (input as HTMLInputElement).value);
		expect({ resource: await shown('resource'), operation: await shown('operation') }).toEqual({ resource: 'Job', operation: 'Get Many' });
		expect(await flaggedFields()).toBe(0);
		await shot(screenshot);
	}

	it('a fresh node starts on Job → Get Many with no field flagged, and adding the Job Type filter flags nothing', async () => {
		await expectFreshRead(FRESH_NODE.id, 'fresh-node');
		await page.click(byTestId('collection-parameter-add'));
		await pause(500);
		let added = false;
		for (const option of await page.$$(byTestId('collection-parameter-option'))) {
			const label = await option.evaluate((element) => ((element as HTMLElement).offsetParent !== null ? (element.textContent?.trim() ?? '') : ''));
			if (label === 'Job Type') {
				await option.click();
				added = true;
				break;
			}
		}
		expect(added).toBe(true);
		await page.waitForSelector(byTestId('resource-locator-jobTypeId'), { visible: true });
		await pause(1000);
		expect(await flaggedFields()).toBe(0);
		await shot('job-type-filter');
	});

	it("an AI agent's new ServiceTitan tool starts on a read (Job → Get Many)", async () => {
		await expectFreshRead(AGENT_TOOL.id, 'ai-tool-default');
	});

	it('Job → Create picks customer, location (of that customer), business unit and campaign from lists filled by the simulator', async () => {
		await openWorkflow(JOB_CREATE.id);
		await openNode('Create job');
		// Every label shown is a customer of the simulator's directory (its name and street).
		const customerLabels = new Set<string>();
		for (let id = REFERENCED.customers.first; id <= REFERENCED.customers.last; id++) {
			const record = customer(id);
			if (record) customerLabels.add(`${record.name} · ${record.address.street}`);
		}
		const browsing = await listOf('customerId');
		expect(browsing.length).toBeGreaterThanOrEqual(10);
		for (const label of browsing) expect(customerLabels.has(label)).toBe(true);
		await shot('job-create-customers');

		// Typed text is searched on the server: every match, none of the others.
		const found = await listOf('customerId', 'garcia dental');
		expect(found.length).toBeGreaterThan(0);
		for (const label of found) expect(label).toMatch(/^Garcia Dental Group · /);
		await pickFirst();

		// The locations offered are the chosen customer's, and only those.
		const locations = await listOf('locationId');
		const chosen = [...customerLabels].indexOf(found[0]);
		const customerId = REFERENCED.customers.first + chosen;
		expect(locations).toEqual(locationIdsOf(customerId).map((id) => `${location(id)?.name} · ${location(id)?.address.street}`));
		await shot('job-create-locations');
		await pickFirst();

		expect((await listOf('businessUnitId')).sort()).toEqual(REFERENCED.businessUnitIds.map((id) => String(businessUnits.get(id)?.name)).sort());
		await pickFirst();
		expect((await listOf('campaignId')).sort()).toEqual(REFERENCED.campaignIds.map((id) => String(campaigns.get(id)?.name)).sort());
		await pickFirst();
		expect((await listOf('jobTypeId')).length).toBeGreaterThan(0);
		await pickFirst();
		await shot('job-create-filled');
		await page.keyboard.press('Escape');
	});

	it('the credential test passes', async () => {
		await openWorkflow(JOB_CREATE.id);
		await openNode('Create job');
		await page.click(byTestId('credential-edit-button'));
		await page.waitForSelector(byTestId('editCredential-modal'), { visible: true });
		await page.waitForSelector(byTestId('credentials-config-container-test-success'), { visible: true, timeout: 60_000 });
		expect(await visibleTexts(byTestId('credentials-config-container-test-success'))).toEqual([expect.stringContaining('Connection tested successfully')]);
		await shot('credential-test');
		await page.keyboard.press('Escape');
	});

	it("the trigger's Fetch Test Event returns changes from the simulator", async () => {
		await openWorkflow('stExTriggerJobs');
		await openNode('ServiceTitan Trigger');
		await page.click(byTestId('node-execute-button'));
		await page.waitForSelector(byTestId('node-run-status-success'), { visible: true, timeout: 120_000 });
		const count = await visibleTexts(byTestId('ndv-items-count'));
		expect(count.join(' ')).toMatch(/[1-9]\d* items?/);
		await shot('trigger-fetch-test-event');
	});
});
