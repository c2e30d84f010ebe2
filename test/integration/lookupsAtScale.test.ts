/**
 * "From List" searches at scale: in a tenant with 100,000 projects and 100,000 jobs, the record a
 * user looks for is found in one search call wherever it sits, through the API's own filters where
 * the document has them (a job's number, IDs) and by reading pages where it has none (a project's
 * name). A first page without a match must not come back as "no results".
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { callLoader } from '../helpers/n8n';
import { useSimulator } from '../helpers/nodeSim';

const env = useSimulator({ sample: false, requestLogLimit: 200 });
const TENANT_SIZE = 100_000;

const search = (method: string, filter?: string, token?: string) => callLoader<INodeListSearchResult>('listSearch', method, {}, [filter, token]);

beforeAll(() => {
	env.sim.seed({ jobs: TENANT_SIZE, projects: TENANT_SIZE });
});

describe(`list search in a tenant with ${TENANT_SIZE.toLocaleString('en-US')} records`, () => {
	it('finds a project by a name only the least recently changed projects carry', async () => {
		const projects = env.sim.store.data.projects.toArray();
		expect(projects).toHaveLength(TENANT_SIZE);
		// Newest first is how the search reads: the oldest records are on the last pages.
		const oldestFirst = [...projects].sort((a, b) => Date.parse(String(a.modifiedOn)) - Date.parse(String(b.modifiedOn)) || a.id - b.id);
		const target = oldestFirst[0];
		const typed = String(target.name);
		const expected = projects.filter((project) => String(project.name).toLowerCase().includes(typed.toLowerCase())).map((project) => String(project.id));
		expect(expected.length).toBeLessThan(50);

		const result = await search('searchProjects', typed);
		expect(result.results.map((entry) => entry.value)).toContain(String(target.id));
		expect(result.results.map((entry) => entry.value).sort()).toEqual([...expected].sort());
	});

	it('a first page without a match is not "no results": the search reads on through the pages', async () => {
		const projects = env.sim.store.data.projects.toArray();
		const oldest = [...projects].sort((a, b) => Date.parse(String(a.modifiedOn)) - Date.parse(String(b.modifiedOn)) || a.id - b.id)[0];
		const result = await search('searchProjects', String(oldest.name));
		expect(result.results.length).toBeGreaterThan(0);
		const pages = env.apiRequests().map((request) => Number(request.query.page?.[0]));
		expect(Math.max(...pages)).toBeGreaterThan(1);
	});

	it('finds a project by its ID directly', async () => {
		const project = env.sim.store.data.projects.toArray()[TENANT_SIZE - 7];
		const result = await search('searchProjects', String(project.id));
		expect(result.results.map((entry) => entry.value)).toContain(String(project.id));
	});

	it('finds a job by its ID (the API looks it up), wherever it is in the list', async () => {
		const job = env.sim.store.data.jobs.toArray()[17];
		const result = await search('searchJobs', String(job.id));
		expect(result.results.map((entry) => entry.value)).toContain(String(job.id));
		expect(env.apiRequests().some((request) => request.query.ids?.[0] === String(job.id))).toBe(true);
	});

	it('finds a job by its number with the API\'s filter, one page of 50 read', async () => {
		const job = env.sim.store.data.jobs.toArray()[TENANT_SIZE - 3];
		const result = await search('searchJobs', String(job.jobNumber));
		expect(result.results.map((entry) => entry.value)).toContain(String(job.id));
		expect(env.apiRequests().every((request) => request.query.pageSize?.[0] === '50')).toBe(true);
	});
});
