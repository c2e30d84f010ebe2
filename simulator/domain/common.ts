/** Helpers shared by the domain services: validation collection, dates, external data, custom fields. */
import type { Collection } from '../collection';
import { ApiError, type FieldErrors, notFound, validationError } from '../errors';
import type { TenantData } from '../store';
import type {
	CustomFieldTypeRecord,
	CustomFieldValue,
	ExternalDataByApp,
	ExternalDataCreateRequest,
	ExternalDataUpdateRequest,
	KeyValue,
} from '../types';
import { parseUtcDate } from '../validation';

/** Job priorities the API accepts (a free string in the document, these four in practice). */
export const PRIORITIES = ['Low', 'Normal', 'High', 'Urgent'] as const;

/** Anything that can hand out the tenant's current data (it is replaced on reset). */
export interface DataSource {
	readonly data: TenantData;
}

/** The employee recorded as `createdById` when a test writes through the store directly. */
export const OFFICE_USER_ID = 20_001;

/** Collects field errors and throws them together as one 400, like ASP.NET model validation. */
export class Problems {
	readonly errors: FieldErrors = {};

	add(field: string, message: string): this {
		(this.errors[field] ??= []).push(message);
		return this;
	}

	check(condition: boolean, field: string, message: string): this {
		if (!condition) this.add(field, message);
		return this;
	}

	throwIfAny(): void {
		if (Object.keys(this.errors).length > 0) throw validationError(this.errors);
	}
}

export function requireFound<T>(record: T | undefined, what: string, id: number, field = 'id'): T {
	if (record === undefined) throw notFound(what, id, field);
	return record;
}

/** Body dates were schema-checked already; this turns them into epoch ms. */
export function toMs(value: string): number {
	const ms = parseUtcDate(value);
	if (Number.isNaN(ms)) throw new ApiError(400, 'One or more validation errors occurred.', { date: [`Invalid date '${value}'`] });
	return ms;
}

export function toMsOrNull(value: string | null | undefined): number | null {
	return value === null || value === undefined ? null : toMs(value);
}

/** ServiceTitan accepts the documented priorities case-insensitively and stores them capitalised. */
export function normalisePriority(value: string, field: string, problems: Problems): string {
	const match = PRIORITIES.find((priority) => priority.toLowerCase() === value.trim().toLowerCase());
	if (!match) problems.add(field, `Priority must be one of ${PRIORITIES.join(', ')}.`);
	return match ?? value;
}

export function appKey(applicationGuid: string): string {
	return applicationGuid.replace(/[{}()]/g, '').toLowerCase();
}

export function createExternalData(request: ExternalDataCreateRequest | null | undefined): ExternalDataByApp {
	if (!request) return {};
	return { [appKey(request.applicationGuid)]: request.externalData.map(({ key, value }) => ({ key, value })) };
}

/**
 * `Replace` (the default) makes the list exactly what was sent; `Merge` upserts the sent keys. A
 * null value removes the key in both modes. Other applications' data is untouched.
 */
export function patchExternalData(current: ExternalDataByApp, patch: ExternalDataUpdateRequest): ExternalDataByApp {
	const key = appKey(patch.applicationGuid);
	const merged = new Map<string, string>(
		patch.patchMode === 'Merge' ? (current[key] ?? []).map((item) => [item.key, item.value]) : [],
	);
	for (const item of patch.externalData) {
		if (item.value === null || item.value === undefined) merged.delete(item.key);
		else merged.set(item.key, item.value);
	}
	return { ...current, [key]: [...merged].map(([itemKey, value]) => ({ key: itemKey, value })) };
}

/** External data is only visible to the application that wrote it. */
export function externalDataFor(data: ExternalDataByApp, applicationGuid: string | undefined): KeyValue[] {
	if (!applicationGuid) return [];
	return (data[appKey(applicationGuid)] ?? []).map((item) => ({ ...item }));
}

/** Checks referenced custom-field types exist and values fit their data type. */
export function checkCustomFields(
	types: Collection<CustomFieldTypeRecord>,
	fields: ReadonlyArray<{ typeId: number; value?: string | null }>,
	field: string,
	problems: Problems,
): CustomFieldValue[] {
	const values: CustomFieldValue[] = [];
	fields.forEach((custom, index) => {
		const type = types.get(custom.typeId);
		if (!type) {
			problems.add(`${field}[${index}].typeId`, `Custom field type ${custom.typeId} does not exist.`);
			return;
		}
		const value = custom.value ?? '';
		if (type.dataType === 'Numeric' && value !== '' && Number.isNaN(Number(value))) {
			problems.add(`${field}[${index}].value`, `Custom field '${type.name}' expects a number.`);
		}
		if (type.dataType === 'Dropdown' && value !== '' && !type.dataTypeOptions?.includes(value)) {
			problems.add(`${field}[${index}].value`, `'${value}' is not an option of '${type.name}'.`);
		}
		if (value !== '') values.push({ typeId: custom.typeId, value });
	});
	return values;
}

/** Positive int64 ids that belong to other ServiceTitan APIs (customers, locations…) are taken on trust. */
export function checkForeignId(value: number | null | undefined, field: string, problems: Problems): void {
	if (value !== null && value !== undefined) problems.check(value > 0, field, `${field} must be a positive ID.`);
}

export function uniqueIds(ids: readonly number[]): number[] {
	return [...new Set(ids)];
}
