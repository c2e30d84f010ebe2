/**
 * The same bulk read inside a real n8n (the packed package installed as a community package), done
 * two ways: this package's node (Job Get Many, Return All), and n8n's HTTP Request node with the
 * same credential ("Predefined Credential Type") and its pagination set up as a user would (page
 * incremented per request, pageSize 5000, stop when `hasMore` is false) followed by Split Out, so
 * both end with one item per job.
 *
 * Each is a published workflow started by a webhook under `n8n start` that answers with the item
 * count when the last node is done: a run of 100,000 jobs printed by `n8n execute` would be
 * hundreds of megabytes of JSON, and its printing would be what is measured. Executions are not
 * saved (EXECUTIONS_DATA_SAVE_ON_SUCCESS=none), for both alike.
 */
import { ensureN8n, installPackage, N8n, N8nRest, type N8nServer, packPackage, tempFolder } from '../scripts/lib/n8n';
import type { RemoteSimulator, Traffic } from './lib';
import { median, sleep, timed, trafficBetween } from './lib';
import type { Log, Row } from './scenarios';
import { BrokenRun, seconds } from './scenarios';

const CREDENTIAL = { id: 'stBenchCredential1', name: 'ServiceTitan (benchmark simulator)' };
const OWNER = { email: 'bench@n8n-nodes-servicetitan.dev', password: 'Bench-Password-1' };

interface Variant {
	id: string;
	path: string;
	label: string;
	nodes: object[];
	chain: string[];
}

function workflow(variant: Variant): object {
	const position = (index: number): [number, number] => [index * 220, 0];
	const webhook = {
		id: `${variant.id}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: position(0),
		webhookId: `${variant.id}-hook`,
		parameters: { httpMethod: 'POST', path: variant.path, responseMode: 'lastNode', responseData: 'firstEntryJson', options: {} },
	};
	const count = {
		id: `${variant.id}-count`,
		name: 'Count',
		type: 'n8n-nodes-base.summarize',
		typeVersion: 1.1,
		position: position(variant.nodes.length + 1),
		parameters: { fieldsToSummarize: { values: [{ aggregation: 'count', field: 'id' }] }, options: {} },
	};
	const nodes = [webhook, ...variant.nodes, count];
	const names = ['Webhook', ...variant.chain, 'Count'];
	const connections = Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));
	return { id: variant.id, name: variant.label, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

function variants(sim: RemoteSimulator): Variant[] {
	const credentials = { serviceTitanApi: CREDENTIAL };
	return [
		{
			id: 'stBenchOurNode',
			path: 'st-bench-our-node',
			label: 'ServiceTitan node: Job Get Many, Return All',
			chain: ['ServiceTitan'],
			nodes: [
				{
					id: 'stBenchOurNode-st',
					name: 'ServiceTitan',
					type: 'n8n-nodes-servicetitan.serviceTitan',
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'job', operation: 'getAll', returnAll: true },
					credentials,
				},
			],
		},
		{
			id: 'stBenchHttpNode',
			path: 'st-bench-http-node',
			label: 'HTTP Request node with pagination, then Split Out',
			chain: ['HTTP Request', 'Split Out'],
			nodes: [
				{
					id: 'stBenchHttpNode-http',
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [220, 0],
					parameters: {
						url: sim.apiUrl('/jobs'),
						authentication: 'predefinedCredentialType',
						nodeCredentialType: 'serviceTitanApi',
						sendQuery: true,
						queryParameters: { parameters: [{ name: 'pageSize', value: '5000' }] },
						options: {
							pagination: {
								pagination: {
									paginationMode: 'updateAParameterInEachRequest',
									parameters: { parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }] },
									paginationCompleteWhen: 'other',
									completeExpression: '={{ $response.body.hasMore === false }}',
								},
							},
						},
					},
					credentials,
				},
				{
					id: 'stBenchHttpNode-split',
					name: 'Split Out',
					type: 'n8n-nodes-base.splitOut',
					typeVersion: 1,
					position: [440, 0],
					parameters: { fieldToSplitOut: 'data', options: {} },
				},
			],
		},
	];
}

/** Calls a workflow's webhook and returns the item count its last node reported. */
async function callWebhook(server: N8nServer, path: string): Promise<number> {
	const response = await fetch(`${server.url}/webhook/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	const text = await response.text();
	if (!response.ok) throw new BrokenRun(`webhook ${path} answered ${response.status}: ${text.slice(0, 300)}`);
	const body = JSON.parse(text) as { count_id?: number };
	return Number(body.count_id);
}

export async function realN8nComparison(sim: RemoteSimulator, version: string, jobs: number, rounds: number, log: Log): Promise<Row[]> {
	log(`Real n8n ${version}: the same bulk read (${jobs.toLocaleString('en-US')} jobs) with this node and with the HTTP Request node`);
	await sim.reset(jobs);
	const install = await ensureN8n(version, log);
	const folder = tempFolder('st-bench-n8n-');
	let server: N8nServer | undefined;
	try {
		log('  building and packing the package, installing it into n8n');
		const tarball = await packPackage(folder.path, { build: true });
		await installPackage(tarball, folder.path);
		const n8n = new N8n({ install, userFolder: folder.path, env: { EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none', EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false' } });
		const { url, tokenUrl, tenantId, clientId, clientSecret, appKey } = sim.info;
		await n8n.importCredentials([
			{ ...CREDENTIAL, type: 'serviceTitanApi', data: { environment: 'custom', apiBaseUrl: url, tokenUrl, tenantId, clientId, clientSecret, appKey, accessToken: '' } },
		]);
		const all = variants(sim);
		await n8n.importWorkflows(all.map((variant) => workflow(variant) as { id: string }));
		for (const variant of all) await n8n.publishWorkflow(variant.id);
		log('  starting n8n');
		server = await n8n.start();
		const rest = new N8nRest(server.url);
		await rest.ownerSetupOrLogin(OWNER);
		for (const variant of all) await server.waitForActivation(rest, variant.id);

		const measure = async (variant: Variant) => {
			await sleep(1100);
			const before = await sim.stats();
			const { ms, value } = await timed(() => callWebhook(server as N8nServer, variant.path));
			const traffic = trafficBetween(before, await sim.stats(), 'Jobs_GetList');
			if (value !== jobs) throw new BrokenRun(`${variant.label} counted ${value} of ${jobs} jobs`);
			return { ms, traffic };
		};
		for (const variant of all) await measure(variant);
		const results = new Map<string, Array<{ ms: number; traffic: Traffic }>>(all.map((variant) => [variant.id, []]));
		for (let round = 1; round <= rounds; round++) {
			const order = round % 2 === 1 ? all : [...all].reverse();
			for (const variant of order) results.get(variant.id)?.push(await measure(variant));
			log(`  round ${round}: ${all.map((variant) => `${variant.chain.join(' + ')} ${seconds(results.get(variant.id)?.at(-1)?.ms ?? 0)}`).join(', ')}`);
		}
		const [ours, theirs] = all.map((variant) => {
			const runs = results.get(variant.id) ?? [];
			return { ms: median(runs.map((run) => run.ms)), requests: runs[0]?.traffic.requests ?? 0, limited: Math.max(...runs.map((run) => run.traffic.rateLimited)), runs };
		});
		return [
			{
				scenario: `Real n8n ${version}: bulk read of ${jobs.toLocaleString('en-US')} jobs, one item per job`,
				figure: `this node: ${seconds(ours.ms)}, ${ours.requests} requests, ${ours.limited} × 429`,
				baseline: `HTTP Request (page/pageSize 5000/hasMore) + Split Out: ${seconds(theirs.ms)}, ${theirs.requests} requests, ${theirs.limited} × 429`,
				ratio: ours.ms / theirs.ms,
				notes: `webhook round trip to the last node's answer, executions not saved; rounds ${ours.runs.map((run) => (run.ms / 1000).toFixed(1)).join(', ')} s vs ${theirs.runs.map((run) => (run.ms / 1000).toFixed(1)).join(', ')} s`,
				analysis:
					`Real n8n ${version}: this node ${seconds(ours.ms)} vs the HTTP Request node with pagination plus Split Out ${seconds(theirs.ms)} (${(ours.ms / theirs.ms).toFixed(2)}×), ${ours.requests} vs ${theirs.requests} requests. ` +
					'Both wait for the same pages; the HTTP Request node hands each page to n8n as one item and Split Out then makes the job items, while this node makes them as pages arrive, Simplified to the fields most flows use. ' +
					"The HTTP Request figure is its best case: a user has to know to set pageSize=5000 (ServiceTitan's default is 50: 2,000 requests for the same read) and to stop on hasMore (its default stop condition, \"Response Is Empty\", does not fit ServiceTitan's answers, which always carry page and hasMore).",
			},
		];
	} finally {
		await server?.stop();
		folder.dispose();
	}
}
