import type { ICredentialDataDecryptedObject, IPollFunctions } from 'n8n-workflow';

import { resolveConnection } from '../../nodes/ServiceTitan/transport';

/** A context whose credential can be edited between calls, as a user may while a trigger is active. */
function contextWithCredential(credential: { current: ICredentialDataDecryptedObject }) {
	const getCredentials = jest.fn(async () => credential.current);
	return { ctx: { getCredentials, getNode: () => ({ name: 'ServiceTitan Trigger' }) } as unknown as IPollFunctions, getCredentials };
}

const base = { environment: 'custom', apiBaseUrl: 'http://127.0.0.1:1/', tokenUrl: 'http://127.0.0.1:1/t', clientId: 'c', clientSecret: 's', appKey: 'k' };

describe('resolveConnection', () => {
	afterEach(() => jest.restoreAllMocks());

	it('builds the tenant URL and reads the credential once per context for a while', async () => {
		const credential = { current: { ...base, tenantId: '111' } };
		const { ctx, getCredentials } = contextWithCredential(credential);
		const first = await resolveConnection(ctx);
		expect(first.tenantBaseUrl).toBe('http://127.0.0.1:1/jpm/v2/tenant/111');
		await resolveConnection(ctx);
		expect(getCredentials).toHaveBeenCalledTimes(1);
	});

	it('reads the credential again after a minute, so an active trigger follows an edited credential', async () => {
		const credential = { current: { ...base, tenantId: '111' } };
		const { ctx } = contextWithCredential(credential);
		const now = Date.now();
		jest.spyOn(Date, 'now').mockReturnValue(now);
		expect((await resolveConnection(ctx)).tenantId).toBe('111');
		credential.current = { ...base, tenantId: '222' };
		expect((await resolveConnection(ctx)).tenantId).toBe('111');
		jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
		expect((await resolveConnection(ctx)).tenantId).toBe('222');
	});

	it('refuses a tenant ID that is not a number', async () => {
		const { ctx } = contextWithCredential({ current: { ...base, tenantId: '12 34' } });
		await expect(resolveConnection(ctx)).rejects.toThrow(/Tenant ID .* not a number/);
	});
});
