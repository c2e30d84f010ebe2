/** All operation handlers by operationId, checked against the vendor document at start-up. */
import { specOperations } from '../spec';
import { appointmentHandlers } from './appointments';
import { budgetCodeHandlers } from './budgetCodes';
import { catalogHandlers } from './catalogs';
import type { HandlerTable } from './context';
import { exportHandlers } from './exports';
import { jobHandlers } from './jobs';
import { projectHandlers } from './projects';

export const handlers: HandlerTable = {
	...appointmentHandlers,
	...budgetCodeHandlers,
	...catalogHandlers,
	...exportHandlers,
	...jobHandlers,
	...projectHandlers,
};

/** Fails loudly when the document and the handlers disagree (a new or renamed operation). */
export function assertHandlersCoverSpec(): void {
	const documented = new Set(specOperations().map((operation) => operation.operationId));
	const missing = [...documented].filter((operationId) => !handlers[operationId]);
	const unknown = Object.keys(handlers).filter((operationId) => !documented.has(operationId));
	if (missing.length || unknown.length) {
		throw new Error(
			`Simulator handlers and the vendor document disagree. Missing handlers: ${missing.join(', ') || 'none'}; ` +
				`handlers for unknown operations: ${unknown.join(', ') || 'none'}.`,
		);
	}
}
