/**
 * The simulator's internal records (timestamps as epoch milliseconds, relations as id lists) and the
 * request bodies it accepts. Field names follow the vendor document; rendering to the exact response
 * shapes happens in `render.ts`.
 */

/** How many seeded jobs / projects to add (each job brings appointments, notes and history). */
export interface SeedCounts {
	jobs?: number;
	projects?: number;
}

export type JobStatus = 'Scheduled' | 'Dispatched' | 'InProgress' | 'Hold' | 'Completed' | 'Canceled';
export type AppointmentStatus = 'Scheduled' | 'Dispatched' | 'Working' | 'Hold' | 'Done' | 'Canceled';
export type SchedulingTool =
	| 'Manual'
	| 'SmartSchedule'
	| 'SmartDispatch'
	| 'TechnicianRouteOptimization'
	| 'AdaptiveCapacity'
	| 'Routing';
export type ActiveFilter = 'True' | 'Any' | 'False';
export type CustomFieldDataType = 'Text' | 'Dropdown' | 'Numeric';
export type SegmentType = 'None' | 'CostCode' | 'CostType' | 'Custom';
export type SegmentStructure = 'None' | 'Flat' | 'Hierarchal';
export type CostCategory = 'None' | 'Material' | 'Labor' | 'Equipment' | 'Subcontract' | 'Overhead' | 'Other' | 'SystemUse';

export interface KeyValue {
	key: string;
	value: string;
}

/** External data is private to the application (GUID, lower-cased) that wrote it. */
export type ExternalDataByApp = Record<string, KeyValue[]>;

export interface CustomFieldValue {
	typeId: number;
	value: string;
}

export interface LeadSource {
	jobId: number | null;
	employeeId: number | null;
}

export interface BookedLog {
	id: number;
	appointmentId: number;
	start: number;
	arrivalWindowStart: number | null;
	arrivalWindowEnd: number | null;
	createdOn: number;
	createdById: number;
}

export interface JobRecord {
	id: number;
	jobNumber: string;
	projectId: number | null;
	customerId: number;
	locationId: number;
	jobStatus: JobStatus;
	completedOn: number | null;
	businessUnitId: number;
	jobTypeId: number;
	priority: string;
	campaignId: number;
	/** All appointments ever added, including deleted (inactive) ones, in creation order. */
	appointmentIds: number[];
	/** Active appointments and the first/last by start; kept in step by `JobService.refreshFromAppointments`. */
	appointmentCount: number;
	firstAppointmentId: number;
	lastAppointmentId: number;
	recallForId: number | null;
	warrantyId: number | null;
	jobGeneratedLeadSource: LeadSource | null;
	noCharge: boolean;
	notificationsEnabled: boolean;
	createdOn: number;
	createdById: number;
	modifiedOn: number;
	tagTypeIds: number[];
	leadCallId: number | null;
	partnerLeadCallId: number | null;
	bookingId: number | null;
	soldById: number | null;
	customerPo: string;
	invoiceId: number;
	membershipId: number | null;
	total: number | null;
	createdFromEstimateId: number | null;
	estimateIds: number[];
	equipmentIds: number[];
	isAutoDispatched: boolean | null;
	summary: string | null;
	customFields: CustomFieldValue[];
	externalData: ExternalDataByApp;
	summaryOfWork: string | null;
	bookedLog: BookedLog;
}

export interface AppointmentHold {
	reasonId: number;
	memo: string;
}

export interface AppointmentSummary {
	technicianId: number;
	notes: string;
	createdOn: number;
	modifiedOn: number;
}

export interface AppointmentRecord {
	id: number;
	jobId: number;
	appointmentNumber: string;
	start: number;
	end: number;
	arrivalWindowStart: number | null;
	arrivalWindowEnd: number | null;
	status: AppointmentStatus;
	specialInstructions: string | null;
	createdOn: number;
	modifiedOn: number;
	customerId: number;
	unused: boolean;
	createdById: number;
	isConfirmed: boolean;
	/** False once deleted: the export feed still delivers it. */
	active: boolean;
	technicianIds: number[];
	hold: AppointmentHold | null;
	/** Technicians clocked time on it: ServiceTitan refuses to delete such appointments. */
	hasTimesheets: boolean;
	summaries: AppointmentSummary[];
}

export interface ProjectRecord {
	id: number;
	number: string;
	name: string | null;
	summary: string | null;
	statusId: number | null;
	subStatusId: number | null;
	customerId: number;
	locationId: number;
	projectTypeId: number | null;
	projectManagerIds: number[];
	businessUnitIds: number[];
	startDate: number | null;
	targetCompletionDate: number | null;
	actualCompletionDate: number | null;
	createdOn: number;
	createdById: number;
	modifiedOn: number;
	customFields: CustomFieldValue[];
	externalData: ExternalDataByApp;
	jobIds: number[];
}

export interface NoteRecord {
	id: number;
	/** The job's or project's id. */
	ownerId: number;
	text: string;
	isPinned: boolean;
	createdById: number;
	createdOn: number;
	modifiedOn: number;
	active: boolean;
}

export interface CanceledLogRecord {
	id: number;
	jobId: number;
	reasonId: number;
	memo: string | null;
	createdOn: number;
	createdById: number;
	active: boolean;
}

export interface HistoryEvent {
	id: number;
	employeeId: number | null;
	eventType: string;
	date: number;
	usedSchedulingTool: SchedulingTool;
	memo: string;
}

export interface JobTypeRecord {
	id: number;
	name: string;
	businessUnitIds: number[];
	skills: string[];
	tagTypeIds: number[];
	priority: string;
	duration: number;
	soldThreshold: number | null;
	class: string;
	summary: string;
	noCharge: boolean;
	enforceRecurringServiceEventSelection: boolean | null;
	invoiceSignaturesRequired: boolean;
	createdOn: number;
	modifiedOn: number;
	externalData: ExternalDataByApp;
	active: boolean;
	isSmartDispatched: boolean;
	defaultEstimateSoldAction: string;
	customFieldTypeIds: number[];
}

/** Job cancel reasons and job hold reasons share this shape. */
export interface ReasonRecord {
	id: number;
	name: string;
	active: boolean;
	createdOn: number;
	modifiedOn: number;
}

export interface ProjectStatusRecord {
	id: number;
	name: string;
	order: number;
	createdOn: number;
	modifiedOn: number;
}

export interface ProjectSubStatusRecord {
	id: number;
	name: string;
	statusId: number;
	order: number;
	createdOn: number;
	modifiedOn: number;
	active: boolean;
}

export interface ProjectTypeRecord {
	id: number;
	name: string;
	description: string;
	createdById: number | null;
	createdOn: number;
	modifiedOn: number;
}

export interface CustomFieldTypeRecord {
	id: number;
	name: string;
	dataType: CustomFieldDataType;
	dataTypeOptions: string[] | null;
	createdOn: number;
	modifiedOn: number;
}

export interface SegmentRecord {
	id: number;
	name: string;
	type: SegmentType;
	structure: SegmentStructure;
	isActive: boolean;
	isRequired: boolean;
	createdOn: number;
	modifiedOn: number;
}

export interface SegmentItemRecord {
	id: number;
	segmentId: number;
	parentId: number | null;
	code: string;
	description: string;
	costCategory: CostCategory | null;
	isActive: boolean;
	createdOn: number;
	modifiedOn: number;
}

export interface BudgetCodeSegmentRef {
	segmentId: number;
	segmentItemId: number | null;
}

export interface BudgetCodeRecord {
	id: number;
	code: string;
	description: string;
	segments: BudgetCodeSegmentRef[];
	createdOn: number;
	modifiedOn: number;
}

// ---- request bodies (as the document defines them) ----

export interface ExternalDataCreateRequest {
	applicationGuid: string;
	externalData: KeyValue[];
}

export interface ExternalDataUpdateRequest {
	applicationGuid: string;
	externalData: Array<{ key: string; value?: string | null }>;
	patchMode?: 'Replace' | 'Merge' | null;
}

export interface AppointmentInformation {
	start: string;
	end: string;
	arrivalWindowStart?: string | null;
	arrivalWindowEnd?: string | null;
	technicianIds?: number[] | null;
}

export interface JobCreateRequest {
	customerId: number;
	locationId: number;
	projectId?: number | null;
	businessUnitId: number;
	jobGeneratedLeadSource?: LeadSource | null;
	jobTypeId: number;
	priority: string;
	campaignId: number;
	appointments: AppointmentInformation[];
	summary?: string | null;
	customFields?: Array<{ typeId: number; value?: string | null }> | null;
	tagTypeIds?: number[] | null;
	externalData?: ExternalDataCreateRequest | null;
	invoiceSignatureIsRequired?: boolean | null;
	customerPo?: string | null;
	soldById?: number | null;
	partnerLeadCallId?: number | null;
	leadId?: number | null;
	bookingId?: number | null;
	noCharge?: boolean | null;
}

export interface UpdateJobRequest {
	customerId?: number;
	locationId?: number;
	businessUnitId?: number;
	jobGeneratedLeadSource?: LeadSource | null;
	jobTypeId?: number;
	priority?: string;
	campaignId?: number;
	summary?: string;
	shouldUpdateInvoiceItems?: boolean;
	customFields?: Array<{ typeId: number; value?: string | null }>;
	tagTypeIds?: number[];
	externalData?: ExternalDataUpdateRequest;
	customerPo?: string;
	soldById?: number | null;
	isAutoDispatched?: boolean;
	summaryOfWork?: string;
	noCharge?: boolean;
}

export interface AppointmentAddRequest {
	jobId: number;
	start: string;
	end: string;
	arrivalWindowStart?: string | null;
	arrivalWindowEnd?: string | null;
	technicianIds?: number[] | null;
	specialInstructions?: string | null;
}

export interface AppointmentRescheduleRequest {
	start?: string;
	end?: string;
	arrivalWindowStart?: string | null;
	arrivalWindowEnd?: string | null;
}

export interface ReasonMemoRequest {
	reasonId: number;
	memo: string;
}

export interface NoteCreateRequest {
	text: string;
	pinToTop?: boolean | null;
}

export interface CreateJobTypeRequest {
	name: string;
	businessUnitIds?: number[] | null;
	skills?: string[] | null;
	tagTypeIds?: number[] | null;
	priority?: string | null;
	duration?: number | null;
	soldThreshold?: number | null;
	class?: string | null;
	summary?: string | null;
	noCharge?: boolean | null;
	enforceRecurringServiceEventSelection?: boolean | null;
	invoiceSignaturesRequired?: boolean | null;
	externalData?: ExternalDataCreateRequest | null;
	defaultEstimateSoldAction?: string | null;
	customFieldTypeIds?: number[] | null;
}

export interface UpdateJobTypeRequest {
	name?: string;
	businessUnitIds?: number[];
	skills?: string[];
	tagTypeIds?: number[];
	priority?: string;
	duration?: number;
	soldThreshold?: number | null;
	class?: string;
	summary?: string;
	noCharge?: boolean;
	enforceRecurringServiceEventSelection?: boolean;
	invoiceSignaturesRequired?: boolean;
	externalData?: ExternalDataUpdateRequest;
	defaultEstimateSoldAction?: string;
	customFieldTypeIds?: number[];
	customFieldsUpdateMode?: 'Replace' | 'Merge' | null;
}

export interface CreateProjectRequest {
	locationId: number;
	customerId?: number | null;
	projectTypeId?: number | null;
	projectManagerIds?: number[] | null;
	name?: string | null;
	summary?: string | null;
	statusId?: number | null;
	subStatusId?: number | null;
	startDate?: string | null;
	targetCompletionDate?: string | null;
	actualCompletionDate?: string | null;
	customFields?: CustomFieldValue[] | null;
	externalData?: ExternalDataCreateRequest | null;
	businessUnitIds?: number[] | null;
}

export interface UpdateProjectRequest {
	projectManagerIds?: number[];
	jobIds?: number[];
	businessUnitIds?: number[];
	name?: string;
	summary?: string;
	statusId?: number;
	subStatusId?: number;
	projectTypeId?: number | null;
	startDate?: string;
	targetCompletionDate?: string;
	actualCompletionDate?: string;
	customFields?: CustomFieldValue[];
	externalData?: ExternalDataUpdateRequest;
}

export interface CreateFullBudgetCodeArgs {
	segmentItemIds: number[];
}

export interface CreatePartialBudgetCodeArgs {
	segments: Array<{ segmentId: number; segmentItemId?: number | null }>;
}
