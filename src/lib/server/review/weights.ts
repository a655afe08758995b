import { desc } from 'drizzle-orm';
import type { Actor } from '../../domain/access';
import { can } from '../../domain/access';
import { CRITERIA, DEFAULT_WEIGHTS, parseWeights } from '../../domain/proposal/priority';
import type { Criterion, WeightProblem, Weights } from '../../domain/proposal/priority';
import type { Database } from '../db/client';
import { priorityWeights } from '../db/schema/index';

/**
 * The priority score's weights: the newest row of `priority_weights` is in force; before any
 * manager has set them, DEFAULT_WEIGHTS. Every change is a new row, so the history is the table.
 */

export interface WeightsInForce {
	weights: Weights;
	/** Null while the defaults apply. */
	setAt: string | null;
	setByName: string | null;
}

export interface WeightsChange extends WeightsInForce {
	id: string;
	note: string;
}

const NOTE_MAX = 300;

function pick(row: typeof priorityWeights.$inferSelect): Weights {
	return Object.fromEntries(CRITERIA.map((c) => [c, row[c]])) as Weights;
}

export async function current(db: Database): Promise<WeightsInForce> {
	const [row] = await db
		.select()
		.from(priorityWeights)
		.orderBy(desc(priorityWeights.setAt), desc(priorityWeights.id))
		.limit(1);
	if (!row) return { weights: { ...DEFAULT_WEIGHTS }, setAt: null, setByName: null };
	return { weights: pick(row), setAt: row.setAt.toISOString(), setByName: row.setByName };
}

/** Newest first. */
export async function history(db: Database, limit = 50): Promise<WeightsChange[]> {
	const rows = await db
		.select()
		.from(priorityWeights)
		.orderBy(desc(priorityWeights.setAt), desc(priorityWeights.id))
		.limit(limit);
	return rows.map((row) => ({
		id: row.id,
		weights: pick(row),
		setAt: row.setAt.toISOString(),
		setByName: row.setByName,
		note: row.note
	}));
}

export type SetResult =
	| { ok: true; weights: Weights; changed: boolean }
	| { ok: false; status: 403; code: 'forbidden' }
	| {
			ok: false;
			status: 400;
			code: 'invalid';
			errors: Partial<Record<Criterion | 'all' | 'note', WeightProblem | 'too-long'>>;
	  };

/**
 * Sets new weights for the whole system. The same weights again record nothing (a double submit
 * is not a decision); a note longer than a sentence or two is refused rather than cut.
 */
export async function set(
	db: Database,
	actor: (Actor & { name: string }) | null,
	input: { weights: unknown; note?: unknown }
): Promise<SetResult> {
	if (!actor || !can(actor, 'priority:weigh')) return { ok: false, status: 403, code: 'forbidden' };
	const parsed = parseWeights(input.weights);
	const note = typeof input.note === 'string' ? input.note.trim() : '';
	if (!parsed.ok || note.length > NOTE_MAX) {
		const errors: Partial<Record<Criterion | 'all' | 'note', WeightProblem | 'too-long'>> =
			parsed.ok ? {} : { ...parsed.errors };
		if (note.length > NOTE_MAX) errors.note = 'too-long';
		return { ok: false, status: 400, code: 'invalid', errors };
	}
	const weights = parsed.weights;
	return db.transaction(async (tx) => {
		const before = await current(tx as unknown as Database);
		if (CRITERIA.every((c) => before.weights[c] === weights[c]) && before.setAt !== null)
			return { ok: true as const, weights, changed: false };
		await tx.insert(priorityWeights).values({
			...weights,
			setBy: actor.id,
			setByName: actor.name,
			note
		});
		return { ok: true as const, weights, changed: true };
	});
}
