import { inArray } from 'drizzle-orm';
import { can } from '../../domain/access';
import type { Actor } from '../../domain/access';
import { requestFor } from '../../domain/proposal/bulk';
import type { BulkAction } from '../../domain/proposal/bulk';
import type { Stage } from '../../domain/proposal/stages';
import { proposals } from '../db/schema/index';
import { move } from '../proposals/transitions';
import type { Runtime } from '../runtime';

export interface BulkOutcome {
	moved: { id: string; title: string }[];
	/** Those the stage rules refused, each with the refusal's code and the stage it was in. */
	refused: { id: string; title: string; code: string; from?: Stage }[];
}

/**
 * Moves each selected proposal on its own, through the same service as a single move: its own
 * transaction, its own event in the history, its own followers told. One refusal stops nothing
 * else; the caller gets both lists, in the order the proposals were chosen.
 */
export async function apply(
	runtime: Runtime,
	actor: Actor,
	request: { action: BulkAction; ids: string[]; reason: string }
): Promise<BulkOutcome | { forbidden: true }> {
	if (!can(actor, 'proposal:move')) return { forbidden: true };
	const rows = await runtime.database.db
		.select({ id: proposals.id, title: proposals.title })
		.from(proposals)
		.where(inArray(proposals.id, request.ids));
	const titleOf = new Map(rows.map((r) => [r.id, r.title]));
	const outcome: BulkOutcome = { moved: [], refused: [] };
	for (const id of request.ids) {
		const title = titleOf.get(id);
		if (title === undefined) {
			outcome.refused.push({ id, title: '', code: 'not-found' });
			continue;
		}
		const result = await move(
			runtime,
			{ user: actor, residentId: null },
			id,
			requestFor(request.action, request.reason)
		);
		if (result.ok) outcome.moved.push({ id, title });
		else
			outcome.refused.push({
				id,
				title,
				code: result.code,
				...('from' in result ? { from: result.from } : {})
			});
	}
	return outcome;
}
