/**
 * One of several processes sending to the same tenant at once (the benchmark's stand-in for n8n
 * queue-mode workers until that phase runs real ones): the action node through the in-process
 * harness, its own pace, its own token. Driven over stdin/stdout with one JSON line per message:
 *   in:  {"sim": SimulatorInfo}                      → out: {"ready": true}
 *   in:  {"ids": [...], "tag": "...", "options": {}} → out: {"startedAt", "endedAt", "items", "failed", "wrong", "cuts"}
 */
import './env';

import { createInterface } from 'node:readline';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { tenantPace } from '../nodes/ServiceTitan/transport/pacing';
import { credentialsHelper, runNode } from '../scripts/lib/harness';
import { LINE_PREFIX } from './lib';
import type { SimulatorInfo } from '../scripts/lib/simulatorProcess';


const send = (message: object) => process.stdout.write(`${LINE_PREFIX}${JSON.stringify(message)}\n`);

let sim: SimulatorInfo | undefined;

async function handle(message: { sim?: SimulatorInfo; ids?: number[]; tag?: string; options?: IDataObject }): Promise<void> {
	if (message.sim) {
		sim = message.sim;
		const { url, tokenUrl, tenantId, clientId, clientSecret, appKey } = sim;
		credentialsHelper.setCredentials({ environment: 'custom', apiBaseUrl: url, tokenUrl, tenantId, clientId, clientSecret, appKey, accessToken: '' });
		// Token, sockets and JIT before the measured run (one request).
		const warm = await runNode({ parameters: { resource: 'jobType', operation: 'getAll', limit: 1 } });
		if (warm.error) throw warm.error;
		send({ ready: true });
		return;
	}
	if (!sim || !message.ids || message.tag === undefined) throw new Error('a run needs the simulator first, then ids and a tag');
	const ids = message.ids;
	const tag = message.tag;
	const parameters: INodeParameters = {
		resource: 'appointment',
		operation: 'updateSpecialInstructions',
		appointmentId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
		specialInstructions: `={{ "${tag} " + $json.n }}`,
		options: (message.options ?? {}) as INodeParameters,
	};
	const pace = tenantPace(`${sim.url}|${sim.tenantId}`);
	const cutsBefore = pace.state.cuts;
	const startedAt = Date.now();
	const run = await runNode({ parameters, continueOnFail: true, input: ids.map((id, n) => ({ id, n })) });
	const endedAt = Date.now();
	const failed = run.items.filter((item) => item.json.error !== undefined).length + (run.error ? ids.length : 0);
	const wrong = run.items.filter((item, index) => {
		const paired = item.pairedItem as { item?: number } | undefined;
		return paired?.item !== index || item.json.id !== ids[index] || item.json.specialInstructions !== `${tag} ${index}`;
	}).length;
	send({ startedAt, endedAt, items: run.items.length, failed, wrong, cuts: pace.state.cuts - cutsBefore });
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
	queue = queue
		.then(() => handle(JSON.parse(line)))
		.catch((error: unknown) => {
			send({ error: error instanceof Error ? error.message : String(error) });
		});
});
lines.on('close', () => {
	void queue.then(() => process.exit(0));
});
