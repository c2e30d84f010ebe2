/**
 * OAuth2 client credentials like ServiceTitan's identity server: app keys identify applications,
 * a client id/secret pair belongs to one app and one tenant, and tokens are opaque random strings
 * bound to (client, tenant, scopes, expiry).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimClock } from './clock';

export interface TenantCredentials {
	tenantId: string;
	clientId: string;
	clientSecret: string;
	appKey: string;
}

export interface ClientRecord extends TenantCredentials {
	scopes: ReadonlySet<string>;
	/** The "API user" recorded as createdById on records this client creates. */
	employeeId: number;
}

export interface TokenRecord {
	client: ClientRecord;
	expiresAt: number;
	/** Tokens from an older generation were revoked by `expireAll()`. */
	generation: number;
}

export type TokenCheck = { ok: true; token: TokenRecord } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

export interface IssuedToken {
	access_token: string;
	expires_in: number;
	token_type: 'Bearer';
	scope: string;
}

export class AuthRegistry {
	private readonly appKeys = new Set<string>();
	private readonly clients = new Map<string, ClientRecord>();
	private readonly tokens = new Map<string, TokenRecord>();
	private generation = 0;
	private labelCounter = 0;

	constructor(
		private readonly clock: SimClock,
		private readonly seed: number,
		public tokenLifetimeSeconds: number,
	) {}

	/** Deterministic per seed, so a restarted simulator hands out the same credentials. */
	derive(prefix: string, length: number): string {
		const label = `${this.seed}:${prefix}:${this.labelCounter++}`;
		return `${prefix}${createHash('sha256').update(label).digest('hex').slice(0, length)}`;
	}

	registerApp(appKey?: string): string {
		const key = appKey ?? this.derive('ak1.', 24);
		this.appKeys.add(key);
		return key;
	}

	isKnownApp(appKey: string | undefined): boolean {
		return appKey !== undefined && this.appKeys.has(appKey);
	}

	addClient(options: { tenantId: string; appKey: string; scopes: readonly string[]; employeeId: number }): ClientRecord {
		this.registerApp(options.appKey);
		const client: ClientRecord = {
			tenantId: options.tenantId,
			appKey: options.appKey,
			clientId: this.derive('cid.', 25),
			clientSecret: this.derive('cs1.', 40),
			scopes: new Set(options.scopes),
			employeeId: options.employeeId,
		};
		this.clients.set(client.clientId, client);
		return client;
	}

	/** `undefined` when the id/secret pair is unknown (→ 400 invalid_client). */
	issue(clientId: string, clientSecret: string): IssuedToken | undefined {
		const client = this.clients.get(clientId);
		if (!client || client.clientSecret !== clientSecret) return undefined;
		const accessToken = randomBytes(32).toString('base64url');
		this.tokens.set(accessToken, {
			client,
			expiresAt: this.clock.now() + this.tokenLifetimeSeconds * 1000,
			generation: this.generation,
		});
		if (this.tokens.size > 10_000) this.dropExpired();
		return {
			access_token: accessToken,
			expires_in: this.tokenLifetimeSeconds,
			token_type: 'Bearer',
			scope: [...client.scopes].join(' '),
		};
	}

	check(authorization: string | undefined): TokenCheck {
		if (!authorization) return { ok: false, reason: 'missing' };
		const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
		// ServiceTitan's own docs show the bare token; accept both forms.
		const token = this.tokens.get(match ? match[1] : authorization.trim());
		if (!token || token.generation !== this.generation) return { ok: false, reason: 'invalid' };
		if (token.expiresAt <= this.clock.now()) return { ok: false, reason: 'expired' };
		return { ok: true, token };
	}

	/** Revokes every token issued so far (the next API call answers 401). */
	expireAll(): void {
		this.generation++;
		this.tokens.clear();
	}

	private dropExpired(): void {
		const now = this.clock.now();
		for (const [key, token] of this.tokens) if (token.expiresAt <= now) this.tokens.delete(key);
	}
}
