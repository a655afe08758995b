import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { processes, workshops } from '../db/schema/index';
import * as details from './details';
import * as participants from './participants';

/**
 * A workshop's public page ("what became of our ideas", `/w/<workshopId>`): what anyone may know,
 * with no personal data — no nicknames, no join code. Proposals join it when they exist.
 */
export interface PublicOutcomes {
	workshop: Omit<details.WorkshopDetails, 'code' | 'welcomeText'>;
	process: { title: string; challenge: string };
	/** How many people took part; a figure, never who. */
	participantCount: number;
}

export async function get(db: Database, workshopId: string): Promise<PublicOutcomes | null> {
	const found = await details.get(db, workshopId);
	if (!found) return null;
	const [process] = await db
		.select({ title: processes.title, challenge: processes.challenge })
		.from(workshops)
		.innerJoin(processes, eq(processes.id, workshops.processId))
		.where(eq(workshops.id, workshopId));
	// The code lets people in and the welcome text is written for the room: neither is public.
	const { code: _code, welcomeText: _welcome, ...workshop } = found;
	return {
		workshop,
		process: process!,
		participantCount: await participants.count(db, workshopId)
	};
}
