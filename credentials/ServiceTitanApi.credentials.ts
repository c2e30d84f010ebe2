import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { ENVIRONMENT_HOSTS } from './environments';
import { requestAccessToken } from './tokenRequest';

/**
 * ServiceTitan uses OAuth2 client credentials *and* a static `ST-App-Key` header. n8n's OAuth2
 * credentials never apply an `authenticate` block, so the app key would be lost in the HTTP Request
 * node. Instead the token is fetched in `preAuthentication` into a hidden expirable field: n8n stores
 * it with the credential, reuses it until a request answers 401, then fetches one new token and
 * retries once — and `authenticate` adds both headers wherever the credential is used.
 */
export class ServiceTitanApi implements ICredentialType {
	name = 'serviceTitanApi';

	displayName = 'ServiceTitan API';

	icon: Icon = { light: 'file:../icons/servicetitan.svg', dark: 'file:../icons/servicetitan.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-servicetitan/n8n-nodes-servicetitan#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{
					name: 'Production',
					value: 'production',
					description: 'Live tenants (api.servicetitan.io)',
				},
				{
					name: 'Integration',
					value: 'integration',
					description: 'ServiceTitan sandbox tenants (api-integration.servicetitan.io)',
				},
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own API and token URLs, e.g. a gateway, a proxy or a local simulator',
				},
			],
			default: 'production',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.servicetitan.io',
			description: 'Root of the API host, without /jpm/v2. Must be https (plain http only to this machine, e.g. a local simulator).',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://auth.servicetitan.io/connect/token',
			description: 'Must be https (plain http only to this machine, e.g. a local simulator)',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Tenant ID',
			name: 'tenantId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 1234567890',
			description: "The customer's ServiceTitan tenant ID (a number), shown where the tenant connected your app",
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'Generated per tenant and environment under Settings > Integrations > API Application Access',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"Your application's key from the ServiceTitan developer portal, sent as the ST-App-Key header. It is the same for every tenant and environment.",
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return { accessToken: await requestAccessToken(this, credentials) };
	}

	/**
	 * Both headers on every request; and in a URL typed in n8n's HTTP Request node, `{tenant}` becomes
	 * this credential's tenant ID, so a workflow never repeats it:
	 * `https://api.servicetitan.io/crm/v2/tenant/{tenant}/customers`.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const tenant = encodeURIComponent(String(credentials.tenantId ?? '').trim());
		const fill = (url: string) => url.replace(/\{tenant\}|%7Btenant%7D/gi, tenant);
		// n8n's HTTP Request node sends its URL as `uri` (the older request options), its helpers as `url`.
		const options: IHttpRequestOptions & { uri?: string } = { ...requestOptions };
		if (typeof options.url === 'string') options.url = fill(options.url);
		if (typeof options.uri === 'string') options.uri = fill(options.uri);
		options.headers = {
			...options.headers,
			Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
			'ST-App-Key': String(credentials.appKey ?? ''),
		};
		return options;
	}

	/**
	 * Error statuses are read from the answer instead of thrown: n8n versions differ in whether a
	 * thrown error still tells the test which status it was, and the body check below works in all.
	 * A fresh token is fetched for every test, so a 401 here means the app key, not the token.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ $credentials.environment === "custom" ? String($credentials.apiBaseUrl).replace(/\\/+$/, "") : ($credentials.environment === "integration" ? "${ENVIRONMENT_HOSTS.integration.apiBaseUrl}" : "${ENVIRONMENT_HOSTS.production.apiBaseUrl}") }}`,
			url: '=/jpm/v2/tenant/{{ String($credentials.tenantId).trim() }}/job-types',
			qs: { pageSize: 1 },
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 401,
					message:
						'ServiceTitan issued a token but refused the request: check the App Key (it must belong to the app this tenant connected).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 403,
					message:
						'ServiceTitan refused access to this tenant: check the Tenant ID, that the tenant has connected your app and accepted its latest version, and that the app has the job types read scope (tn.jpm.jobtypes:r).',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'status',
					value: 404,
					message: 'No ServiceTitan JPM API at this address: check the environment, API base URL and Tenant ID.',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'data',
					value: undefined,
					message:
						'ServiceTitan did not answer with job types: check the environment (or API base URL), the Tenant ID and the App Key.',
				},
			},
		],
	};
}
