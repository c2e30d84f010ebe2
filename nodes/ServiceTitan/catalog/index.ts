/** The whole catalog: the twelve resources, sorted by name as n8n lists them, and lookups over them. */
import { appointmentResource } from './appointment';
import { budgetCodeResource } from './budgetCode';
import { exportResource } from './export';
import { jobResource } from './job';
import { jobCancelReasonResource } from './jobCancelReason';
import { jobEquipmentResource } from './jobEquipment';
import { jobHoldReasonResource } from './jobHoldReason';
import { jobTypeResource } from './jobType';
import { projectResource } from './project';
import { projectStatusResource } from './projectStatus';
import { projectSubStatusResource } from './projectSubStatus';
import { projectTypeResource } from './projectType';
import type { OperationSpec, ResourceSpec } from './types';

export const RESOURCES: ResourceSpec[] = [
	appointmentResource,
	budgetCodeResource,
	exportResource,
	jobResource,
	jobCancelReasonResource,
	jobEquipmentResource,
	jobHoldReasonResource,
	jobTypeResource,
	projectResource,
	projectStatusResource,
	projectSubStatusResource,
	projectTypeResource,
];

/** The operation a node parameter pair (resource value, operation value) points at. */
export function findOperation(resource: string, operation: string): OperationSpec | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}

/** The operation with this ServiceTitan operationId. */
export function findOperationById(operationId: string): OperationSpec | undefined {
	for (const resource of RESOURCES) {
		const operation = resource.operations.find((candidate) => candidate.operationId === operationId);
		if (operation) return operation;
	}
	return undefined;
}

/** Every operation with its resource, in catalog order. */
export function allOperations(): Array<{ resource: ResourceSpec; operation: OperationSpec }> {
	return RESOURCES.flatMap((resource) => resource.operations.map((operation) => ({ resource, operation })));
}
