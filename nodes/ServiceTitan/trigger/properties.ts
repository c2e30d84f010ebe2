import type { INodeProperties } from 'n8n-workflow';

import { loadMethodName } from '../catalog/lookups';
import { DEFAULT_FORGET_IDLE_JOBS_DAYS } from './dedupe';
import { exportResource } from '../catalog/export';
import type { FeedWatch } from '../catalog/types';
import type { FeedValue } from './feeds';
import { FEEDS } from './feeds';

const WATCHED = exportResource.operations.map((operation) => ({ value: operation.value as FeedValue, operation, watch: operation.watch as FeedWatch }));
const feedsWhere = (test: (feed: (typeof WATCHED)[number]) => boolean): FeedValue[] => WATCHED.filter(test).map((feed) => feed.value);

const SIMPLIFIABLE = feedsWhere((feed) => feed.operation.simplify !== undefined);
const WITH_CREATED_ON = feedsWhere((feed) => FEEDS[feed.value].tellsCreated);
const WITH_ACTIVE = feedsWhere((feed) => feed.watch.hasActive);

const STATUS_OPTIONS = (value: FeedValue) =>
	[...(WATCHED.find((feed) => feed.value === value)?.watch.status?.values ?? [])]
		.sort()
		.map((status) => ({ name: status.replace(/([a-z])([A-Z])/g, '$1 $2'), value: status }));

const FEED_OPTIONS = WATCHED.map((feed) => ({ name: feed.watch.name, value: feed.value, description: feed.watch.description })).sort((a, b) =>
	a.name.localeCompare(b.name),
);

/** The canvas subtitle, e.g. "Watching Jobs": the feed's name, not its internal value. */
export const TRIGGER_SUBTITLE = `={{ "Watching " + (${JSON.stringify(Object.fromEntries(FEED_OPTIONS.map((feed) => [feed.value, feed.name])))}[$parameter["feed"]] || $parameter["feed"]) }}`;

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Feed',
		name: 'feed',
		type: 'options',
		noDataExpression: true,
		options: FEED_OPTIONS,
		default: 'jobs',
		description: 'Which ServiceTitan export feed to watch',
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'New Changes From Now On',
				value: 'now',
				description: 'The first activation records the position and emits no history',
			},
			{ name: 'Changes Since a Date', value: 'date', description: 'Emit changes made on or after a date, then new ones' },
			{
				name: 'Everything From the Beginning',
				value: 'beginning',
				description: 'Backfill the whole feed, up to Max Records per Poll each poll, then follow new changes',
			},
		],
		default: 'now',
	},
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Changes made on or after this moment are emitted (compared with the modification time)',
		displayOptions: { show: { start: ['date'] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: { show: { feed: SIMPLIFIABLE } },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Active',
				name: 'active',
				type: 'options',
				options: [
					{ name: 'Active and Inactive', value: 'all' },
					{ name: 'Active Only', value: 'active' },
					{ name: 'Inactive or Deleted Only', value: 'inactive' },
				],
				default: 'all',
				description: 'The feeds also carry deactivated and deleted records',
				displayOptions: { show: { '/feed': WITH_ACTIVE } },
			},
			{
				displayName: 'Appointment Status',
				name: 'appointmentStatuses',
				type: 'multiOptions',
				options: STATUS_OPTIONS('appointments'),
				default: [],
				description: 'Only appointments in one of these statuses',
				displayOptions: { show: { '/feed': ['appointments'] } },
			},
			{
				displayName: 'Cancel Reason Names or IDs',
				name: 'cancelReasonIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: loadMethodName('jobCancelReason') },
				default: [],
				description:
					'Only cancellations with one of these reasons. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/feed': ['jobCanceledLogs'] } },
			},
			{
				displayName: 'Change Type',
				name: 'changeType',
				type: 'options',
				options: [
					{ name: 'Created or Updated', value: 'any' },
					{ name: 'Created Only', value: 'created' },
					{ name: 'Updated Only', value: 'updated' },
				],
				default: 'any',
				description: 'Told apart by the record\'s createdOn and modifiedOn times',
				displayOptions: { show: { '/feed': WITH_CREATED_ON } },
			},
			{
				displayName: 'Event Types',
				name: 'eventTypes',
				type: 'string',
				typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Event Type' },
				default: [],
				placeholder: 'e.g. Job Completed',
				description: 'Only history events of these types (as ServiceTitan names them, case-insensitive)',
				displayOptions: { show: { '/feed': ['jobHistory'] } },
			},
			{
				displayName: 'Job Status',
				name: 'jobStatuses',
				type: 'multiOptions',
				options: STATUS_OPTIONS('jobs'),
				default: [],
				description: 'Only jobs in one of these statuses, e.g. Completed for "when a job is completed"',
				displayOptions: { show: { '/feed': ['jobs'] } },
			},
			{
				displayName: 'Project Status Names or IDs',
				name: 'projectStatusIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: loadMethodName('projectStatus') },
				default: [],
				description:
					'Only projects in one of these statuses. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/feed': ['projects'] } },
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Forget Idle Jobs After (Days)',
				name: 'forgetIdleJobsDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3650, numberPrecision: 0 },
				default: DEFAULT_FORGET_IDLE_JOBS_DAYS,
				description:
					"ServiceTitan re-sends a job's whole history whenever it changes; the trigger remembers each job's latest event to emit only new ones. A job with no event for this long is forgotten, and its events older than that count as already emitted. Longer keeps more in the workflow's saved state.",
				displayOptions: { show: { '/feed': ['jobHistory'] } },
			},
			{
				displayName: 'Include Recent Changes',
				name: 'includeRecentChanges',
				type: 'boolean',
				default: false,
				description:
					'Whether to see changes at once instead of about 15 minutes later. ServiceTitan may then send a change twice; the trigger emits it once.',
			},
			{
				displayName: 'Max Records per Poll',
				name: 'maxRecordsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100000, numberPrecision: 0 },
				default: 1000,
				description: 'A larger backlog is emitted over the next polls, in order, without losing anything',
			},
			{
				displayName: 'One Item per Event',
				name: 'oneItemPerEvent',
				type: 'boolean',
				default: true,
				description: 'Whether to emit each job-history event as its own item (with its job ID) instead of one item per job',
				displayOptions: { show: { '/feed': ['jobHistory'] } },
			},
		],
	},
];
