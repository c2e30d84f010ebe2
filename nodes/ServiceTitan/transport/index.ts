export { CREDENTIAL_TYPE, resolveConnection } from './connection';
export { MAX_PAGE_SIZE, iterateExport, iteratePages } from './pagination';
export type { ExportPage, Page } from './pagination';
export { buildPath, isPositiveIntegerId } from './paths';
export { DEFAULT_REQUESTS_PER_SECOND } from './pacing';
export { serviceTitanRequest } from './request';
export type { TransportOptions } from './request';
export { configureRetries, resetRetrySettings, DEFAULT_RETRY_SETTINGS } from './retryPolicy';
export type * from './types';
