/**
 * (Shared by the jest suites and the benchmarks; tests import it through test/helpers/n8n.ts.)
 *
 * Runs the package's nodes the way n8n runs them: n8n-core's WorkflowExecute and its real node
 * contexts (ExecuteContext, LoadOptionsContext, PollContext), with a credentials helper that follows
 * n8n's own rules for `preAuthentication` (expirable field, refresh on 401, stored token) and
 * generic `authenticate` blocks. Only the credential store and the node registry are ours.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IPollFunctions,
	IRequestOptionsSimplified,
	IRun,
	IRunExecutionData,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createDeferredPromise, createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, WorkflowExecute } from 'n8n-core';
import { RoutingNode } from 'n8n-core/dist/execution-engine/routing-node';

import { ServiceTitanApi } from '../../credentials/ServiceTitanApi.credentials';
import { ServiceTitan } from '../../nodes/ServiceTitan/ServiceTitan.node';
import { ServiceTitanTrigger } from '../../nodes/ServiceTitan/ServiceTitanTrigger.node';

export const NODE_TYPE = 'n8n-nodes-servicetitan.serviceTitan';
export const TRIGGER_TYPE = 'n8n-nodes-servicetitan.serviceTitanTrigger';
export const CREDENTIAL_TYPE = 'serviceTitanApi';
/** n8n runs credential tests as a temporary No-Op node with one `temp` parameter. */
const CREDENTIAL_TEST_NODE_TYPE = 'n8n-nodes-base.noOp';
const CREDENTIAL_REF: INodeCredentialsDetails = { id: 'cred-1', name: 'ServiceTitan test' };

class PackageNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	register(type: string, node: INodeType): void {
		this.types.set(type, node);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		return this.getByNameAndVersion(nodeType);
	}

	getByNameAndVersion(nodeType: string): INodeType {
		const node = this.types.get(nodeType);
		if (!node) throw new Error(`Unknown node type ${nodeType}`);
		return node;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

export const nodeTypes = new PackageNodeTypes();
nodeTypes.register(NODE_TYPE, new ServiceTitan());
nodeTypes.register(TRIGGER_TYPE, new ServiceTitanTrigger());

/**
 * The credential store and n8n's credential rules. `tokenFetches` counts preAuthentication calls,
 * i.e. the times a node had to ask for a new token.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly credentialType: ICredentialType = new ServiceTitanApi();

	private stored: ICredentialDataDecryptedObject = {};

	tokenFetches = 0;

	setCredentials(data: ICredentialDataDecryptedObject): void {
		this.stored = { ...data };
		this.tokenFetches = 0;
	}

	storedCredentials(): ICredentialDataDecryptedObject {
		return { ...this.stored };
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const options = requestOptions as IHttpRequestOptions;
		const authenticate = this.credentialType.authenticate;
		if (!authenticate) throw new Error('the credential has no authenticate');
		// Like n8n's CredentialsHelper: a function is called with the decrypted data and the request.
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			const bag = ((options as unknown as Record<string, IDataObject | undefined>)[target] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				bag[key] = String(
					workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '',
				);
			}
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const expirable = this.credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		const preAuthentication = this.credentialType.preAuthentication;
		if (!expirable || !preAuthentication) return undefined;
		// Like n8n: a credential test always fetches a fresh token.
		const isCredentialTest = _node.type === CREDENTIAL_TEST_NODE_TYPE && _node.parameters?.temp === '';
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired && !isCredentialTest) {
			return undefined;
		}
		this.tokenFetches++;
		const output = (await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
		this.stored = { ...this.stored, ...output };
		return Object.assign(credentials, output);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these nodes');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { accessToken: '', ...this.stored };
	}

	async updateCredentials(_details: INodeCredentialsDetails, _type: string, data: ICredentialDataDecryptedObject): Promise<void> {
		this.stored = { ...data };
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return this.credentialType.properties;
	}
}

export const credentialsHelper = new TestCredentialsHelper();

function additionalData(hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	const unsupported = async (): Promise<never> => {
		throw new Error('not supported in tests');
	};
	return {
		credentialsHelper,
		hooks,
		executeWorkflow: unsupported,
		getRunExecutionData: unsupported,
		startRunnerTask: unsupported,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface NodeSpec {
	type?: string;
	parameters: INodeParameters;
	continueOnFail?: boolean;
	name?: string;
}

function makeNode(spec: NodeSpec): INode {
	const type = spec.type ?? NODE_TYPE;
	const nodeType = nodeTypes.getByNameAndVersion(type);
	const node: INode = {
		id: 'node-1',
		name: spec.name ?? 'ServiceTitan',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [CREDENTIAL_TYPE]: CREDENTIAL_REF },
		...(spec.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	// n8n fills in defaults for every visible parameter before running a node; so do we.
	node.parameters =
		NodeHelpers.getNodeParameters(nodeType.description.properties, spec.parameters, true, false, node, nodeType.description) ??
		spec.parameters;
	return node;
}

function makeWorkflow(node: INode, timezone = 'UTC', staticData?: IDataObject, id = 'wf-test'): Workflow {
	return new Workflow({
		id,
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { timezone },
		staticData,
	});
}

export interface RunResult {
	items: INodeExecutionData[];
	/** The node's error when the run failed (with `message`, `description`, `httpCode`, `context`). */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject; itemIndex?: number };
	run: IRun;
}

/** Runs the action node once over `input` items inside n8n-core's WorkflowExecute. */
export async function runNode(spec: NodeSpec & { input?: IDataObject[]; timezone?: string }): Promise<RunResult> {
	const node = makeNode(spec);
	const workflow = makeWorkflow(node, spec.timezone);
	const hooks = new ExecutionLifecycleHooks('manual', 'exec-1', {
		id: 'wf-test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [node],
		connections: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as never);
	const done = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
	const input = (spec.input ?? [{}]).map((json) => ({ json }));
	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node, data: { main: [input] }, source: null }] },
	});
	const execute = new WorkflowExecute(additionalData(hooks), 'manual' as WorkflowExecuteMode, runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await done.promise;
	const taskData = run.data.resultData.runData[node.name]?.[0];
	const items = taskData?.data?.main?.[0] ?? [];
	const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'];
	return { items, error, run };
}

/** Calls a loadOptions or listSearch method through n8n-core's LoadOptionsContext. */
export async function callLoader<T>(
	kind: 'loadOptions' | 'listSearch',
	method: string,
	parameters: INodeParameters = {},
	args: unknown[] = [],
): Promise<T> {
	const node = makeNode({ parameters });
	const workflow = makeWorkflow(node);
	// Like the editor: the node's current parameters travel with the request (a customer's locations).
	const context = new LoadOptionsContext(workflow, node, { ...additionalData(), currentNodeParameters: parameters }, '');
	const nodeType = nodeTypes.getByNameAndVersion(NODE_TYPE);
	const fn = nodeType.methods?.[kind]?.[method] as ((...a: unknown[]) => Promise<T>) | undefined;
	if (!fn) throw new Error(`No ${kind} method ${method}`);
	return await fn.call(context, ...args);
}

export interface PollHarness {
	poll(mode?: 'trigger' | 'manual'): Promise<INodeExecutionData[][] | null>;
	staticData: IDataObject;
	workflow: Workflow;
}

/** Builds a polling trigger bound to one workflow, so its static data lives across polls. */
let triggerWorkflows = 0;

/** A trigger in a workflow of its own (its own ID), so polls of two harnesses never count as one trigger's. */
export function pollTrigger(spec: NodeSpec & { staticData?: IDataObject; budgetMs?: number }): PollHarness {
	const node = makeNode({ ...spec, type: spec.type ?? TRIGGER_TYPE, name: spec.name ?? 'ServiceTitan Trigger' });
	const workflow = makeWorkflow(node, 'UTC', spec.staticData ?? {}, `wf-trigger-${++triggerWorkflows}`);
	const nodeType = nodeTypes.getByNameAndVersion(node.type);
	return {
		workflow,
		get staticData() {
			return workflow.staticData;
		},
		async poll(mode = 'trigger') {
			const context = new PollContext(workflow, node, additionalData(), mode, mode === 'manual' ? 'manual' : 'activate');
			if (spec.budgetMs !== undefined) {
				(context as unknown as { getPollBudgetMs: () => number }).getPollBudgetMs = () => spec.budgetMs as number;
			}
			if (!nodeType.poll) throw new Error(`${node.type} has no poll()`);
			return await nodeType.poll.call(context as unknown as IPollFunctions);
		},
	};
}

export type { IExecuteData };

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * The credential's own test, run the way n8n's CredentialsTester runs a credential-level `test`:
 * through n8n-core's RoutingNode on a temporary node, with its `rules` applied to the answer.
 */
export async function testCredential(data: ICredentialDataDecryptedObject): Promise<CredentialTestResult> {
	credentialsHelper.setCredentials(data);
	const testRequest = credentialsHelper.credentialType.test;
	if (!testRequest) throw new Error('the credential has no test');
	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation',
			name: CREDENTIAL_TEST_NODE_TYPE,
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [],
			outputs: [],
			credentials: [{ name: CREDENTIAL_TYPE, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' }],
		},
	};
	const types = new PackageNodeTypes();
	types.register(CREDENTIAL_TEST_NODE_TYPE, nodeType);
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: CREDENTIAL_TEST_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { temp: '' },
		credentials: { [CREDENTIAL_TYPE]: CREDENTIAL_REF },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: types });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData(),
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const decrypted = { id: CREDENTIAL_REF.id ?? 'cred-1', name: CREDENTIAL_REF.name, type: CREDENTIAL_TYPE, data: credentialsHelper.storedCredentials() };
	let items: INodeExecutionData[][] | null | undefined;
	try {
		items = await new RoutingNode(context, nodeType, decrypted).runNode();
	} catch (error) {
		const failure = error as Error & { cause?: { response?: { status: number }; code?: string } };
		if (failure.cause?.response) {
			const rule = testRequest.rules?.find(
				(candidate) => candidate.type === 'responseCode' && candidate.properties.value === failure.cause?.response?.status,
			);
			return { status: 'Error', message: rule ? String(rule.properties.message) : `Received HTTP status code: ${failure.cause.response.status}` };
		}
		if (failure.cause?.code) return { status: 'Error', message: failure.cause.code };
		return { status: 'Error', message: failure.message };
	}
	const body = (items?.[0]?.[0]?.json ?? {}) as IDataObject;
	for (const rule of testRequest.rules ?? []) {
		if (rule.type !== 'responseSuccessBody') continue;
		const { key, value, message } = rule.properties as { key: string; value: unknown; message: string };
		if (body[key] === value) return { status: 'Error', message };
	}
	return { status: 'OK', message: 'Connection successful!' };
}
