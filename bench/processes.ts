/**
 * Several processes updating appointments of one tenant at the same time: two separate Node
 * processes (bench/processRunner.ts), each running the action node through the in-process harness
 * with its own pace and token, against the one simulator process and its 60/s limit per app and
 * tenant. This stands in for n8n queue-mode workers (the queue-mode phase measures real ones).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { IDataObject } from 'n8n-workflow';

import { REPO_ROOT } from '../scripts/lib/n8n';
import type { RemoteSimulator, Traffic } from './lib';
import { LINE_PREFIX, median, PlainClient, RATE_LIMIT, sleep, trafficBetween } from './lib';
import type { Log, Row } from './scenarios';
import { BrokenRun, changeableAppointments, seconds } from './scenarios';

interface RunReport {
	startedAt: number;
	endedAt: number;
	items: number;
	failed: number;
	wrong: number;
	cuts: number;
	error?: string;
}

class Runner {
	private readonly pending: Array<(message: RunReport & { ready?: boolean }) => void> = [];

	private constructor(private readonly child: ChildProcess) {
		const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
		lines.on('line', (line) => {
			if (!line.startsWith(LINE_PREFIX)) return;
			this.pending.shift()?.(JSON.parse(line.slice(LINE_PREFIX.length)));
		});
	}

	static start(): Runner {
		const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(REPO_ROOT, 'bench', 'processRunner.ts')], {
			cwd: REPO_ROOT,
			stdio: ['pipe', 'pipe', 'inherit'],
			env: { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, 'tsconfig.json'), TS_NODE_PREFER_TS_EXTS: 'true' },
		});
		return new Runner(child);
	}

	ask<T>(message: object): Promise<T> {
		return new Promise((resolve, reject) => {
			this.pending.push((answer) => (answer.error ? reject(new BrokenRun(`runner: ${answer.error}`)) : resolve(answer as T)));
			this.child.stdin?.write(`${JSON.stringify(message)}\n`);
		});
	}

	stop(): void {
		this.child.stdin?.end();
		if (this.child.exitCode === null && this.child.pid) this.child.kill('SIGTERM');
	}
}

interface Variant {
	label: string;
	options: IDataObject;
}

export async function parallelProcesses(sim: RemoteSimulator, processes: number, perProcess: number, rounds: number, log: Log): Promise<Row[]> {
	const total = processes * perProcess;
	log(`${processes} processes at once, each updating ${perProcess} appointments of the same tenant (60/s per app and tenant)`);
	await sim.reset(Math.ceil(total * 4));
	const ids = await changeableAppointments(sim, total);
	await new PlainClient(sim).authenticate();
	const boundMs = (total / RATE_LIMIT) * 1000;
	const runners = Array.from({ length: processes }, () => Runner.start());
	const rows: Row[] = [];
	try {
		await Promise.all(runners.map((runner) => runner.ask({ sim: sim.info })));
		const variants: Variant[] = [
			{ label: 'defaults (Processes Sharing the Limit = 1): the 429s alone share the limit', options: {} },
			{ label: `Processes Sharing the Limit = ${processes}`, options: { processesSharing: processes } },
		];
		for (const variant of variants) {
			const times: number[] = [];
			const traffic: Traffic[] = [];
			let failed = 0;
			let cuts: number[] = [];
			for (let round = 0; round <= rounds; round++) {
				// The simulator's limiter counts a sliding second: start each run with a fresh window.
				await sleep(1100);
				const before = await sim.stats();
				const reports = await Promise.all(
					runners.map((runner, index) =>
						runner.ask<RunReport>({ ids: ids.slice(index * perProcess, (index + 1) * perProcess), tag: `${variant.options.processesSharing ?? 1}/${round}`, options: variant.options }),
					),
				);
				const after = await sim.stats();
				const wrong = reports.reduce((sum, report) => sum + report.wrong, 0);
				if (reports.some((report) => report.items !== perProcess)) throw new BrokenRun(`a process returned ${reports.map((report) => report.items).join('/')} items for ${perProcess}`);
				const ms = Math.max(...reports.map((report) => report.endedAt)) - Math.min(...reports.map((report) => report.startedAt));
				const roundTraffic = trafficBetween(before, after, 'Appointments_UpdateSpecialInstructions');
				const roundFailed = reports.reduce((sum, report) => sum + report.failed, 0);
				log(`  ${round === 0 ? 'warm-up' : `round ${round}`} (${variant.label}): ${seconds(ms)}, ${roundTraffic.requests} requests, ${roundTraffic.rateLimited} × 429, ${roundFailed} failed, pace cut ${reports.map((report) => report.cuts).join('/')} times`);
				if (wrong > 0 && roundFailed === 0) throw new BrokenRun(`${wrong} items out of order, wrongly paired or not updated`);
				if (round === 0) continue;
				times.push(ms);
				traffic.push(roundTraffic);
				failed = Math.max(failed, roundFailed);
				cuts = reports.map((report) => report.cuts);
			}
			const ratio = median(times) / boundMs;
			const share429 = traffic.map((entry) => entry.rateLimited / Math.max(1, entry.requests));
			const worst429 = Math.max(...share429);
			const worstCount = Math.max(...traffic.map((entry) => entry.rateLimited));
			const requests = traffic.map((entry) => entry.requests);
			rows.push({
				scenario: `${processes} processes × ${perProcess} appointment updates at once, ${variant.label}`,
				figure: `${seconds(median(times))}; ${failed} failed; ${worstCount} × 429 (${(worst429 * 100).toFixed(1)} %) of ${Math.max(...requests)} requests`,
				baseline: `rate-limit bound ${total} / ${RATE_LIMIT} per s = ${seconds(boundMs)}`,
				ratio,
				target: 1.15,
				notes: `429s ≤ 5 %: ${worst429 <= 0.05 ? 'yes' : 'no'}; zero failed: ${failed === 0 ? 'yes' : 'no'}; last round's pace cuts per process ${cuts.join('/')}; rounds ${times.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s`,
				analysis:
					`${processes} processes, ${variant.label}: ${ratio.toFixed(2)}× the rate-limit bound (target ≤ 1.15×: ${ratio <= 1.15 ? 'met' : 'missed'}), ${(worst429 * 100).toFixed(1)} % 429s (target ≤ 5 %: ${worst429 <= 0.05 ? 'met' : 'missed'}), ${failed} failed items. ` +
					(variant.options.processesSharing
						? `Each process keeps to 60/${processes} per second, so together they stay under the tenant's limit without needing a 429.`
						: 'Each process starts at the whole limit; the first 429s cut each pace to under what the server accepted from it in the last second, and from then on rare 429s keep the sum just under the limit (the pace climbs back slowly, faster the longer it stays quiet, so a process left alone takes the freed share).'),
			});
		}
	} finally {
		for (const runner of runners) runner.stop();
	}
	return rows;
}
