import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { OperationSpec, ResourceSpec } from '../catalog/types';
import type { QueryValue, ServiceTitanRequest } from '../transport';
import { buildPath } from '../transport';
import { displayNameOf, FIXED_COLLECTION_GROUP, propertyNameOf } from './naming';
import { ENGINE_OWNED_QUERY, isListEnvelope } from './operationShape';
import type { ValueContext } from './values';
import { toApiValue, toObject } from './values';

function readCollection(ctx: IExecuteFunctions, name: string, itemIndex: number): IDataObject {
	const value = ctx.getNodeParameter(name, itemIndex, {});
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
}

function readSort(ctx: IExecuteFunctions, operation: OperationSpec, itemIndex: number): string | undefined {
	if (!operation.sort) return undefined;
	const group = readCollection(ctx, 'sort', itemIndex)[FIXED_COLLECTION_GROUP] as IDataObject | undefined;
	if (!group || group.field === undefined || group.field === '') return undefined;
	const field = operation.sort.fields.find((candidate) => candidate === group.field);
	if (!field) {
		throw new NodeOperationError(ctx.getNode(), `The parameter 'Sort' must use one of the fields ${operation.sort.fields.join(', ')} [item ${itemIndex}]`, {
			itemIndex,
			description: `Got ${JSON.stringify(group.field)}.`,
		});
	}
	return `${group.direction === '-' ? '-' : '+'}${field}`;
}

function readJsonBody(
	ctx: IExecuteFunctions,
	body: Extract<NonNullable<OperationSpec['body']>, { kind: 'json' }>,
	valueContext: ValueContext,
): unknown {
	const raw = ctx.getNodeParameter('jsonBody', valueContext.itemIndex, '');
	const label = body.displayName;
	const parsed = toApiValue(raw, { name: 'jsonBody', displayName: label, type: 'json', required: true, default: '' }, valueContext, 'body');
	const isArray = Array.isArray(parsed);
	const isObject = parsed !== null && typeof parsed === 'object' && !isArray;
	if ((body.shape === 'array' && !isArray) || (body.shape === 'object' && !isObject)) {
		throw new NodeOperationError(ctx.getNode(), `The parameter '${label}' must be a JSON ${body.shape} [item ${valueContext.itemIndex}]`, {
			itemIndex: valueContext.itemIndex,
			description: body.description,
		});
	}
	// n8n drops an empty body, so an empty batch would reach ServiceTitan as a request without one.
	if (isArray && (parsed as unknown[]).length === 0) {
		throw new NodeOperationError(ctx.getNode(), `The parameter '${label}' must contain at least one entry [item ${valueContext.itemIndex}]`, {
			itemIndex: valueContext.itemIndex,
			description: body.description,
		});
	}
	if (isArray && body.itemFields) {
		return (parsed as unknown[]).map((entry, index) => {
			if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
				throw new NodeOperationError(ctx.getNode(), `Entry ${index + 1} of '${label}' must be a JSON object [item ${valueContext.itemIndex}]`, {
					itemIndex: valueContext.itemIndex,
				});
			}
			return toObject(entry as IDataObject, body.itemFields ?? [], { ...valueContext, label: `${label} ${index + 1}` });
		});
	}
	return parsed;
}

/**
 * Reads and checks every parameter of one item for its catalog operation and returns the request
 * to send. Everything is validated here, before the network: a bad ID, date, list or JSON fails
 * with a NodeOperationError naming the parameter and the item.
 */
export function prepareRequest(
	ctx: IExecuteFunctions,
	resource: ResourceSpec,
	operation: OperationSpec,
	itemIndex: number,
): ServiceTitanRequest {
	const valueContext: ValueContext = { node: ctx.getNode(), itemIndex, timeZone: ctx.getTimezone() };
	const readTop = (name: string): unknown => ctx.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const optionalQuery = readCollection(ctx, isListEnvelope(operation.envelope) ? 'filters' : 'options', itemIndex);

	const pathParams: Record<string, unknown> = {};
	const labels: string[] = [];
	const qs: Record<string, QueryValue> = {};
	for (const parameter of operation.parameters) {
		if (parameter.in === 'query' && ENGINE_OWNED_QUERY.has(parameter.name)) continue;
		const raw =
			parameter.in === 'path' || parameter.required
				? readTop(propertyNameOf(parameter, resource.value))
				: optionalQuery[parameter.name];
		const value = toApiValue(raw, parameter, valueContext, 'query');
		if (value === undefined) continue;
		if (parameter.in === 'path') {
			pathParams[parameter.name] = value;
			labels.push(`${displayNameOf(parameter)} ${String(value)}`);
		} else {
			qs[parameter.name] = value as QueryValue;
		}
	}
	const sort = readSort(ctx, operation, itemIndex);
	if (sort) qs.sort = sort;

	let body: unknown;
	if (operation.body?.kind === 'json') {
		body = readJsonBody(ctx, operation.body, valueContext);
	} else if (operation.body?.kind === 'fields') {
		const optional = readCollection(ctx, operation.method === 'PATCH' ? 'updateFields' : 'additionalFields', itemIndex);
		const values: IDataObject = { ...optional };
		for (const field of operation.body.fields.filter((candidate) => candidate.required)) {
			values[field.name] = readTop(propertyNameOf(field, resource.value)) as IDataObject[keyof IDataObject];
		}
		body = toObject(values, operation.body.fields, valueContext);
	}

	return {
		method: operation.method,
		path: buildPath(ctx.getNode(), operation.path, pathParams, itemIndex),
		qs,
		body,
		label: labels.length > 0 ? `${operation.action} (${labels.join(', ')})` : operation.action,
		scope: operation.scope,
		itemIndex,
	};
}
