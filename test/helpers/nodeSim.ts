/**
 * One simulator per test file, with the n8n harness's credential pointed at it (retries are short
 * in every test: see helpers/retrySettings.ts). Use inside a describe/file:
 *   const env = useSimulator();
 *   ... await runNode(...); env.sim.requestLog ...
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { RecordedRequest, Simulator, SimulatorOptions, TenantCredentials } from '../../simulator';
import { startSimulator } from '../../simulator';
import { credentialsHelper } from './n8n';
import { resetRetrySettings } from './retrySettings';

export function credentialFor(sim: Simulator, tenant: TenantCredentials = sim.tenant): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		apiBaseUrl: sim.url,
		tokenUrl: sim.tokenUrl,
		tenantId: tenant.tenantId,
		clientId: tenant.clientId,
		clientSecret: tenant.clientSecret,
		appKey: tenant.appKey,
		accessToken: '',
	};
}

export interface SimulatorEnv {
	sim: Simulator;
	/** API requests (token requests and requests matching no operation excluded) recorded since the last `beforeEach`. */
	apiRequests(): RecordedRequest[];
	/** Every request the simulator received since the last `beforeEach`: token requests and unmatched paths too. */
	receivedRequests(): RecordedRequest[];
	/** Uses these credential values from now on (a fresh token will be fetched). */
	useCredential(overrides?: Partial<ICredentialDataDecryptedObject>, tenant?: TenantCredentials): void;
}

export function useSimulator(options: SimulatorOptions = {}): SimulatorEnv {
	let sim: Simulator | undefined;
	// The log is capped (oldest entries dropped), so remember its last entry rather than its length.
	let lastBefore: RecordedRequest | undefined;
	const env: SimulatorEnv = {
		get sim() {
			if (!sim) throw new Error('simulator not started');
			return sim;
		},
		receivedRequests: () => {
			const log = env.sim.requestLog;
			return lastBefore === undefined ? [...log] : log.slice(log.lastIndexOf(lastBefore) + 1);
		},
		apiRequests: () => env.receivedRequests().filter((request) => request.operationId !== null && !request.path.startsWith('/connect')),
		useCredential: (overrides = {}, tenant) => credentialsHelper.setCredentials({ ...credentialFor(env.sim, tenant), ...overrides } as ICredentialDataDecryptedObject),
	};
	beforeAll(async () => {
		sim = await startSimulator({ rateLimitPerSecond: null, ...options });
	});
	beforeEach(() => {
		resetRetrySettings();
		env.sim.faults.clear();
		env.useCredential();
		lastBefore = env.sim.requestLog[env.sim.requestLog.length - 1];
	});
	afterAll(async () => {
		await sim?.close();
	});
	return env;
}
