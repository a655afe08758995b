import { eq, inArray } from 'drizzle-orm';
import type { Provenance } from '../../domain/proposal/provenance';
import type { Database } from '../db/client';
import { proposals } from '../db/schema/index';

/**
 * Rewrites the frozen provenance of every proposal promoted from these workshops, the same way
 * for erasure (notes out) and retention (nicknames out): `rewrite` answers the new provenance, or
 * null to leave a proposal as it is. Runs inside the caller's transaction, so a sweep or an
 * erasure cut short leaves every proposal either rewritten or untouched.
 */
export async function rewriteProvenance(
	tx: Pick<Database, 'select' | 'update'>,
	workshopIds: readonly string[],
	rewrite: (provenance: Provenance) => Provenance | null
): Promise<void> {
	if (workshopIds.length === 0) return;
	const promoted = await tx
		.select({ id: proposals.id, provenance: proposals.provenance })
		.from(proposals)
		.where(inArray(proposals.workshopId, [...workshopIds]));
	for (const row of promoted) {
		const rewritten = rewrite(row.provenance);
		if (rewritten)
			await tx.update(proposals).set({ provenance: rewritten }).where(eq(proposals.id, row.id));
	}
}
