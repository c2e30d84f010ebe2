/**
 * Output schemas (__schema__): one per read operation, current with ServiceTitan's document, and
 * in step with what the node really emits: every read runs through the node against the simulator
 * and each output item must match its schema, with no field the schema does not declare.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { INodeParameters } from 'n8n-workflow';

import { propertyNameOf } from '../../nodes/ServiceTitan/engine/naming';
import { renderSchemas, SCHEMA_ROOT, schemaFile, schemaOperations } from '../../scripts/lib/outputSchemas';
import { listOperations } from '../helpers/vendorSpec';
import { useSimulator } from '../helpers/nodeSim';
import { rl, runOk } from '../helpers/nodeRun';

const env = useSimulator();
const store = () => env.sim.store;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		return statSync(full).isDirectory() ? filesUnder(full) : [full];
	});
}

describe('output schemas', () => {
	it('exist for exactly the read operations (GET, with records) of the vendor document, and are current', () => {
		const reads = listOperations()
			.filter((operation) => operation.method === 'GET')
			.map((operation) => operation.operationId)
			.sort();
		expect(schemaOperations().map(({ operation }) => operation.operationId).sort()).toEqual(reads);
		const rendered = renderSchemas();
		expect(filesUnder(SCHEMA_ROOT).sort()).toEqual([...rendered.keys()].sort());
		for (const [file, content] of rendered) {
			// Out of date: run `npm run schemas`.
			expect(`${path.relative(SCHEMA_ROOT, file)}\n${readFileSync(file, 'utf8')}`).toBe(`${path.relative(SCHEMA_ROOT, file)}\n${content}`);
		}
	});

	/** Parameters that make the read return records from the simulator's sample data. */
	function parametersFor(resource: string, operationValue: string): INodeParameters {
		const { operation } = schemaOperations().find((entry) => entry.resource === resource && entry.operation.value === operationValue) ?? {};
		if (!operation) throw new Error(`no read ${resource}.${operationValue}`);
		const data = store().data;
		const jobs = data.jobs.toArray();
		const firstId = (records: Array<{ id: number }>) => records[0].id;
		const jobWith = (has: (slot: number, status: string) => boolean) =>
			jobs.find((job) => has(data.jobs.slotOf(job.id), job.jobStatus))?.id ?? firstId(jobs);
		const jobFor: Record<string, number> = {
			getNotes: jobWith((slot) => data.jobNoteIds.get(slot).length > 0),
			getCanceledLogs: jobWith((_slot, status) => status === 'Canceled'),
		};
		const ids: Record<string, number> = {
			job: jobFor[operationValue] ?? jobs.find((job) => job.equipmentIds.length > 0)?.id ?? firstId(jobs),
			jobEquipment: jobs.find((job) => job.equipmentIds.length > 0)?.id ?? firstId(jobs),
			appointment: firstId(data.appointments.toArray()),
			project: firstId(data.projects.toArray()),
			jobType: firstId(data.jobTypes.toArray()),
			projectStatus: firstId(data.projectStatuses.toArray()),
			projectSubStatus: firstId(data.projectSubStatuses.toArray()),
			projectType: firstId(data.projectTypes.toArray()),
		};
		const parentItem = data.segmentItems.toArray().find((item) => data.segmentItems.toArray().some((child) => child.parentId === item.id));
		const parameters: INodeParameters = { resource, operation: operationValue, limit: 20, maxItems: 30, exportMode: 'all', exportStart: 'beginning' };
		for (const parameter of operation.parameters) {
			if (parameter.in === 'path') {
				const value =
					parameter.name === 'id'
						? ids[resource]
						: parameter.name === 'projectId'
							? ids.project
							: parameter.name === 'segmentId'
								? (parentItem?.segmentId ?? 0)
								: (parentItem?.id ?? 0);
				parameters[propertyNameOf(parameter, resource)] = parameter.locator ? rl(value) : String(value);
			} else if (parameter.required && parameter.name === 'ids') {
				const status = operationValue === 'getCancelReasons' ? 'Canceled' : 'Hold';
				parameters.ids = jobs.filter((job) => job.jobStatus === status).slice(0, 5).map((job) => String(job.id));
			} else if (parameter.required && parameter.name === 'codes') {
				parameters.codes = data.budgetCodes.toArray().map((code) => code.code).slice(0, 3);
			}
		}
		return parameters;
	}

	const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));

	/** The schema, with every object closed: an emitted field the schema does not declare fails. */
	function closed(schema: Record<string, unknown>): Record<string, unknown> {
		const copy: Record<string, unknown> = { ...schema };
		if (copy.properties) {
			copy.properties = Object.fromEntries(
				Object.entries(copy.properties as Record<string, Record<string, unknown>>).map(([name, child]) => [name, closed(child)]),
			);
			copy.additionalProperties = false;
		}
		if (copy.items) copy.items = closed(copy.items as Record<string, unknown>);
		return copy;
	}

	it.each(schemaOperations().map(({ resource, operation }) => [`${resource}.${operation.value}`, resource, operation.value] as const))(
		'%s: what the node emits matches its schema',
		async (_name, resource, operation) => {
			const schema = JSON.parse(readFileSync(schemaFile(resource, operation), 'utf8')) as Record<string, unknown>;
			const validate = ajv.compile(closed({ ...schema, $schema: undefined }));
			const items = await runOk(parametersFor(resource, operation));
			expect(items.length).toBeGreaterThan(0);
			const problems = items.flatMap((item, index) =>
				validate(item) ? [] : (validate.errors ?? []).map((error) => `item ${index}${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`),
			);
			expect(problems).toEqual([]);
			// The schema describes what comes back: the fields of the output are declared ones.
			const declared = Object.keys((schema.properties as object) ?? {});
			expect(declared.length).toBeGreaterThan(0);
		},
	);
});
