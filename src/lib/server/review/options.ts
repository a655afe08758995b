import { asc, desc } from 'drizzle-orm';
import type { Database } from '../db/client';
import { processes } from '../db/schema/index';
import * as branchList from '../reference/branches';
import * as serviceList from '../reference/services';

/** What the review's filter form offers: branches by municipio, services, processes. */
export async function filterOptions(db: Database, locale: 'it' | 'en') {
	const [branches, services, processRows, municipi] = await Promise.all([
		branchList.listPublic(db),
		serviceList.listPublic(db, locale),
		db
			.select({ id: processes.id, title: processes.title })
			.from(processes)
			.orderBy(desc(processes.createdAt), asc(processes.title)),
		branchList.listMunicipi(db)
	]);
	return {
		branches: branches.map((b) => ({
			id: b.id,
			slug: b.slug,
			name: b.name,
			municipio: b.municipio
		})),
		services,
		processes: processRows,
		municipi
	};
}
