/** Types of scripts/lib/vendorDocument.js (plain JavaScript so shell scripts and jest.config.js can use it). */
export declare const VENDOR_DOCUMENT_ENV: string;
export declare const DEFAULT_VENDOR_DOCUMENT: string;
export declare const SUITES_NEEDING_DOCUMENT: readonly string[];
export declare const OTHER_CHECKS_NEEDING_DOCUMENT: readonly string[];
export declare function vendorDocumentPath(): string;
export declare function hasVendorDocument(): boolean;
export declare function besideVendorDocument(name: string): string;
export declare function missingDocumentMessage(): string;
export declare function isCi(): boolean;
/** The parsed OpenAPI document; its shape is described where it is read (scripts/lib/describeApi.ts). */
export declare function loadVendorDocument(): unknown;
