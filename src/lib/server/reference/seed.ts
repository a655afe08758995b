import type { Database } from '../db/client';
import { branches, municipi, services } from '../db/schema/index';
import type { BranchKind } from '../db/schema/index';
import network from './milano-network.json';

/**
 * The Milan library system as the seed documents describe it (copied from the shared data set; the
 * app never reads outside its own folder at run time).
 */
export const milanoNetwork = network as {
	municipi: number[];
	branches: { slug: string; name: string; kind: BranchKind; municipio: number | null }[];
	services: { slug: string; it: string; en: string }[];
};

/**
 * Inserts the reference rows that are missing and leaves existing ones alone, so that it can run at
 * every start without undoing an admin's rename or retirement.
 */
export async function seedReferenceData(db: Database) {
	await db.transaction(async (tx) => {
		await tx
			.insert(municipi)
			.values(milanoNetwork.municipi.map((id) => ({ id })))
			.onConflictDoNothing();
		await tx
			.insert(branches)
			.values(
				milanoNetwork.branches.map((b) => ({
					slug: b.slug,
					name: b.name,
					kind: b.kind,
					municipioId: b.municipio
				}))
			)
			.onConflictDoNothing({ target: branches.slug });
		await tx
			.insert(services)
			.values(milanoNetwork.services.map((s) => ({ slug: s.slug, nameIt: s.it, nameEn: s.en })))
			.onConflictDoNothing({ target: services.slug });
	});
}
