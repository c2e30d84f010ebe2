/**
 * The demo: this package inside a real n8n, against the ServiceTitan simulator. Run through
 * `npm run demo` (scripts/demo.sh runs `npm ci` first on a fresh clone).
 *
 *   npm run demo                          n8n on http://127.0.0.1:5678 until Ctrl-C
 *   npm run demo -- --headless            runs the example workflows with `n8n execute`, exits 0/1
 *   npm run demo -- --n8n-version 2.8.4   another pinned n8n (default 2.40.7)
 *
 * Steps: build and `npm pack`; start the simulator with sample data; install the pinned n8n into
 * the cache (once); install the tarball as n8n installs community packages; import a credential
 * pointing at the simulator and the workflows of examples/; then `n8n start` (or execute them).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { EXAMPLE_CREDENTIAL, examplesFor, isTriggerWorkflow, serviceTitanCredential, type Workflow } from './lib/examples';
import {
	DEFAULT_N8N_VERSION,
	ensureN8n,
	freePort,
	installPackage,
	N8n,
	N8nRest,
	type N8nServer,
	OLDEST_N8N_VERSION,
	packPackage,
	tempFolder,
} from './lib/n8n';
import { type SimulatorProcess, startSimulatorProcess } from './lib/simulatorProcess';

const USAGE = `Usage: npm run demo -- [options]
  --headless            run the example workflows with 'n8n execute', print their results, exit 0/1
  --n8n-version V       n8n to run (default ${DEFAULT_N8N_VERSION}; ${OLDEST_N8N_VERSION} is the oldest supported)
  --port N              n8n's port on 127.0.0.1 (default 5678, or a free one if taken)
  --jobs N --projects N sample data size in the simulator (default 200 jobs, 20 projects)
  --keep                keep the n8n data folder (printed) instead of removing it at exit
  --verbose             print n8n's log
  -h, --help`;

const OWNER = { email: 'demo@example.com', password: 'Demo-Password-1', firstName: 'Demo', lastName: 'User' };

/** When the command started (scripts/demo.sh sets it; demo.ts run alone counts from its own start). */
const started = Number(process.env.DEMO_STARTED_AT_MS) || Date.now();
function say(message: string): void {
	const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
	console.log(`[demo ${seconds}s] ${message}`);
}

function compact(value: unknown, max = 160): string {
	const text = JSON.stringify(value);
	return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

async function portOrFree(preferred: number): Promise<number> {
	if (!(preferred > 0)) return await freePort();
	const { createServer } = await import('node:net');
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => void freePort().then(resolve));
		server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
	});
}

async function runHeadless(n8n: N8n, workflows: Workflow[]): Promise<boolean> {
	let allOk = true;
	for (const workflow of workflows) {
		if (isTriggerWorkflow(workflow)) {
			say(`${workflow.id}: "${workflow.name}" is started by a polling trigger; it runs under 'n8n start' (npm run demo), not 'n8n execute'. Skipped.`);
			continue;
		}
		const t0 = Date.now();
		const result = await n8n.execute(workflow.id);
		const seconds = ((Date.now() - t0) / 1000).toFixed(1);
		if (!result.run) {
			allOk = false;
			say(`${workflow.id}: FAILED (exit ${result.code}, no run data) in ${seconds}s\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`);
			continue;
		}
		const { error, runData } = result.run.data.resultData;
		say(`${workflow.id}: ${result.ok ? 'succeeded' : 'FAILED'} in ${seconds}s — "${workflow.name}"`);
		for (const node of workflow.nodes) {
			const runs = runData[node.name];
			if (!runs) continue;
			const items = (runs[0].data?.main[0] ?? []).map((item) => item.json);
			console.log(`    ${node.name}: ${items.length} item${items.length === 1 ? '' : 's'}${items.length ? `, first: ${compact(items[0])}` : ''}`);
		}
		if (error) {
			allOk = false;
			console.log(`    error in ${error.node?.name ?? '?'}: ${error.message}${error.description ? `\n      ${error.description.replace(/\n/g, '\n      ')}` : ''}`);
		}
		if (!result.ok) allOk = false;
	}
	return allOk;
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			headless: { type: 'boolean' },
			'n8n-version': { type: 'string' },
			port: { type: 'string' },
			jobs: { type: 'string' },
			projects: { type: 'string' },
			keep: { type: 'boolean' },
			verbose: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	const version = values['n8n-version'] ?? DEFAULT_N8N_VERSION;
	const headless = values.headless === true;
	const work = tempFolder('st-demo-');
	let simulator: SimulatorProcess | undefined;
	let server: N8nServer | undefined;
	let stopping: Promise<void> | undefined;

	const stopAll = (reason: string) => {
		stopping ??= (async () => {
			if (reason) say(`${reason}: stopping what the demo started`);
			if (server?.pid) {
				say(`stopping n8n (PID ${server.pid})`);
				await server.stop();
			}
			if (simulator) {
				say(`stopping the simulator (PID ${simulator.pid})`);
				await simulator.stop();
			}
			if (values.keep) say(`kept the n8n data folder ${work.path}`);
			else work.dispose();
		})();
		return stopping;
	};
	// Ctrl-C at any point: stop what was started (by PID), remove the work folder, exit 130.
	let running = false;
	let interrupted: ((signal: string) => void) | undefined;
	const interruption = new Promise<string>((resolve) => (interrupted = resolve));
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			if (running) interrupted?.(signal);
			else void stopAll(signal).then(() => process.exit(130));
		});
	}

	try {
		say(`n8n-nodes-servicetitan demo with n8n ${version}${headless ? ' (headless)' : ''}; work folder ${work.path}`);
		say('building and packing the package (npm run build, npm pack)');
		const tarball = await packPackage(path.join(work.path, 'pack'));
		say(`packed ${path.basename(tarball)}`);

		const jobs = values.jobs ?? '200';
		const projects = values.projects ?? '20';
		simulator = await startSimulatorProcess(['--port', '0', '--jobs', jobs, '--projects', projects], { detached: true });
		say(`ServiceTitan simulator on ${simulator.info.url} (PID ${simulator.pid}; tenant ${simulator.info.tenantId}, ${jobs} jobs, ${projects} projects)`);

		const install = await ensureN8n(version, (line) => say(line));
		say(`n8n ${version} from ${install.dir} (node ${install.nodeBin})`);

		const userFolder = path.join(work.path, 'n8n');
		mkdirSync(userFolder, { recursive: true });
		await installPackage(tarball, userFolder);
		say(`installed the tarball into ${path.join(userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-servicetitan')}`);

		const port = headless ? undefined : await portOrFree(values.port ? Number(values.port) : 5678);
		const n8n = new N8n({ install, userFolder, port, detached: true });
		const target = { ...simulator.info, apiBaseUrl: simulator.info.url };
		await n8n.importCredentials([serviceTitanCredential(target)]);
		say(`imported the credential "${EXAMPLE_CREDENTIAL.name}" (id ${EXAMPLE_CREDENTIAL.id}) pointing at the simulator`);
		const workflows = examplesFor(target);
		await n8n.importWorkflows(workflows);
		say(`imported ${workflows.length} example workflows: ${workflows.map((workflow) => workflow.id).join(', ')}`);

		if (headless) {
			const ok = await runHeadless(n8n, workflows);
			say(ok ? 'all example workflows succeeded' : 'some example workflows FAILED');
			return ok ? 0 : 1;
		}

		for (const workflow of workflows.filter(isTriggerWorkflow)) await n8n.publishWorkflow(workflow.id);
		say('published the trigger workflow; starting n8n');
		server = await n8n.start({ log: values.verbose ? (line) => console.log(`  n8n | ${line}`) : undefined });
		const rest = new N8nRest(server.url);
		await rest.ownerSetupOrLogin(OWNER);
		for (const workflow of workflows.filter(isTriggerWorkflow)) await server.waitForActivation(rest, workflow.id);
		// A few changes right away, so the trigger has something to emit at its next poll (every minute).
		await simulator.control('POST', 'changes', { count: 3, kinds: ['job'] });
		say(`ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
		console.log(`
  n8n ${version} is running: ${server.url}   (PID ${server.pid})
  Log in with   email ${OWNER.email}   password ${OWNER.password}

  Workflows: ${workflows.map((workflow) => `"${workflow.name}" (${server?.url}/workflow/${workflow.id})`).join('\n             ')}
  The trigger workflow is active and polls the jobs feed every minute; make more changes with
    curl -X POST ${simulator.info.url}/_sim/changes -H 'content-type: application/json' -d '{"count":5,"kinds":["job"]}'
  Simulator: ${simulator.info.url} (GET /_sim/info, /_sim/stats, /_sim/requests)

  n8n keeps running in this terminal until Ctrl-C, which stops n8n and the simulator and removes ${work.path}${values.keep ? ' (kept: --keep)' : ''}.
`);
		running = true;
		const reason = await Promise.race([interruption, server.whenExited().then(() => 'n8n exited')]);
		await stopAll(reason);
		return reason === 'n8n exited' ? 1 : 0;
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		return 1;
	} finally {
		await stopAll('');
	}
}

main().then(
	(code) => process.exit(code),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);