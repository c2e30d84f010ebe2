/**
 * Per test file: a copy of the prepared n8n user folder, the simulator (in this process, so tests can
 * read its store and request log), optionally Prism in between, and workflow builders.
 *
 *   const env = useE2e();
 *   await env.n8n.importWorkflows([...]); const result = await env.n8n.execute(id);
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

import { EXAMPLE_CREDENTIAL, serviceTitanCredential, type ServiceTitanTarget, type Workflow, type WorkflowNode } from '../../scripts/lib/examples';
import { type ExecuteResult, killStartedProcesses, N8n } from '../../scripts/lib/n8n';
import { type RecordedRequest, type Simulator, type SimulatorOptions, startSimulator } from '../../simulator';
import { describeViolations, type PrismChain, startPrismChain } from './prism';
import { type E2eState, readState } from './state';

export const PRISM = process.env.N8N_E2E_PRISM === '1';

export interface E2eEnv {
	readonly state: E2eState;
	readonly sim: Simulator;
	readonly n8n: N8n;
	/** What the credential points at (Prism's prefix proxy in the Prism variant). */
	readonly target: ServiceTitanTarget;
	readonly prism?: PrismChain;
	/** API requests the simulator answered since `since` (an index into its request log). */
	apiRequests(since?: number): RecordedRequest[];
	/** Fails with the list if Prism reported any request or response violation (no-op without Prism). */
	expectNoContractViolations(): void;
}

export function useE2e(options: { simulator?: SimulatorOptions } = {}): E2eEnv {
	const state = readState();
	let sim: Simulator | undefined;
	let n8n: N8n | undefined;
	let prism: PrismChain | undefined;
	let userFolder: string | undefined;
	const need = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} is not ready (beforeAll failed?)`);
		return value;
	};

	const env: E2eEnv = {
		state,
		get sim() {
			return need(sim, 'simulator');
		},
		get n8n() {
			return need(n8n, 'n8n');
		},
		get prism() {
			return prism;
		},
		get target() {
			const running = need(sim, 'simulator');
			return { ...running.tenant, apiBaseUrl: prism?.url ?? running.url, tokenUrl: running.tokenUrl };
		},
		apiRequests: (since = 0) => env.sim.requestLog.slice(since).filter((request) => request.operationId !== null && !request.path.startsWith('/connect')),
		expectNoContractViolations() {
			if (!prism) return;
			if (prism.violations.length > 0) throw new Error(`Prism reported ${prism.violations.length} contract violation(s):\n${describeViolations(prism.violations)}`);
		},
	};

	beforeAll(async () => {
		sim = await startSimulator({ port: 0, requestLogLimit: 5000, ...options.simulator });
		if (PRISM) prism = await startPrismChain(sim.url);
		userFolder = mkdtempSync(path.join(state.root, 'n8n-'));
		cpSync(state.template, userFolder, { recursive: true });
		n8n = new N8n({ install: state.install, userFolder });
		await n8n.importCredentials([serviceTitanCredential(env.target)]);
	}, 300_000);

	afterAll(async () => {
		killStartedProcesses();
		await prism?.stop();
		await sim?.close();
		if (userFolder && process.env.N8N_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	}, 120_000);

	return env;
}

// Workflow builders -----------------------------------------------------------------------------

export const SERVICE_TITAN = 'n8n-nodes-servicetitan.serviceTitan';
export const SERVICE_TITAN_TRIGGER = 'n8n-nodes-servicetitan.serviceTitanTrigger';
export const START = 'Start';

export interface Step {
	name: string;
	parameters: Record<string, unknown>;
	/** Default: the ServiceTitan action node. */
	type?: string;
	typeVersion?: number;
	/** Default true for ServiceTitan nodes. */
	credential?: boolean;
	/** Which imported credential (default EXAMPLE_CREDENTIAL). */
	credentialRef?: { id: string; name: string };
	/** Default true: the step runs once; false runs it for every input item. */
	executeOnce?: boolean;
	/** e.g. 'continueRegularOutput' (Continue On Fail). */
	onError?: string;
}

/** `{ __rl: true, mode: 'id', value }` — a resource locator "By ID" (value may be an expression). */
export function rl(value: string | number): Record<string, unknown> {
	return { __rl: true, mode: 'id', value: String(value) };
}

/** An expression reading a field of another node's first output item. */
export function from(nodeName: string, field = 'id'): string {
	return `={{ $('${nodeName}').first().json.${field} }}`;
}

/**
 * Manual Trigger, then the steps one after the other. Each step runs once (executeOnce), whatever
 * the previous one returned, and reads earlier results through expressions (`from(...)`).
 */
export function chain(id: string, name: string, steps: Step[]): Workflow {
	const nodes: WorkflowNode[] = [
		{ id: `${id}-0`, name: START, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	steps.forEach((step, index) => {
		const type = step.type ?? SERVICE_TITAN;
		nodes.push({
			id: `${id}-${index + 1}`,
			name: step.name,
			type,
			typeVersion: step.typeVersion ?? 1,
			position: [220 * (index + 1), 0],
			parameters: step.parameters,
			executeOnce: step.executeOnce ?? true,
			...(step.onError ? { onError: step.onError } : {}),
			...(step.credential ?? type === SERVICE_TITAN ? { credentials: { serviceTitanApi: { ...(step.credentialRef ?? EXAMPLE_CREDENTIAL) } } } : {}),
		});
	});
	const connections: Record<string, unknown> = {};
	for (let index = 0; index + 1 < nodes.length; index += 1) {
		connections[nodes[index].name] = { main: [[{ node: nodes[index + 1].name, type: 'main', index: 0 }]] };
	}
	return { id, name, nodes, connections, settings: { executionOrder: 'v1' }, active: false };
}

/** The run's error and the tail of n8n's output, for assertion messages. */
export function explain(result: ExecuteResult): string {
	const error = result.run?.data.resultData.error;
	return `exit ${result.code}${result.signal ? ` (signal ${result.signal})` : ''}; error ${error ? `in ${error.node?.name}: ${error.message} — ${error.description ?? ''}` : 'none'}\n--- stdout (tail)\n${result.stdout.slice(-3000)}\n--- stderr (tail)\n${result.stderr.slice(-2000)}`;
}

/** Executes and fails with n8n's own account of the error unless the run succeeded. */
export async function executeOk(env: E2eEnv, id: string): Promise<ExecuteResult> {
	const result = await env.n8n.execute(id);
	if (!result.ok) throw new Error(`workflow ${id} failed in n8n ${env.state.version}: ${explain(result)}`);
	return result;
}

/**
 * Books a job through the simulator's HTTP API, as another ServiceTitan client would (its own token,
 * fetched once per simulator). Returns the job's ID and modifiedOn as the API answered them.
 */
const apiTokens = new WeakMap<Simulator, Promise<string>>();
export async function bookJobThroughApi(sim: Simulator, summary: string): Promise<{ id: number; modifiedOn: string }> {
	let token = apiTokens.get(sim);
	if (!token) {
		token = fetch(sim.tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ grant_type: 'client_credentials', client_id: sim.tenant.clientId, client_secret: sim.tenant.clientSecret }),
		}).then(async (response) => ((await response.json()) as { access_token: string }).access_token);
		apiTokens.set(sim, token);
	}
	const jobType = sim.store.data.jobTypes.toArray().find((candidate) => candidate.active && candidate.businessUnitIds.length > 0);
	if (!jobType) throw new Error('no active job type in the sample data');
	const response = await fetch(sim.apiUrl('/jobs'), {
		method: 'POST',
		headers: { authorization: `Bearer ${await token}`, 'st-app-key': sim.tenant.appKey, 'content-type': 'application/json' },
		body: JSON.stringify({
			customerId: 150001,
			locationId: 1150001,
			businessUnitId: jobType.businessUnitIds[0],
			jobTypeId: jobType.id,
			priority: 'Normal',
			campaignId: 2001,
			appointments: [{ start: '2030-06-01T08:00:00Z', end: '2030-06-01T10:00:00Z' }],
			summary,
		}),
	});
	if (response.status !== 200) throw new Error(`booking a job answered ${response.status}: ${await response.text()}`);
	const job = (await response.json()) as { id: number; modifiedOn: string };
	return { id: job.id, modifiedOn: job.modifiedOn };
}
