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
 * Fills the reference tables from the Milan data set when they are empty, and only then: from the
 * first start on they belong to the admins, so a renamed, retired or deleted branch or service stays
 * as they left it across restarts. Safe to run at every start and from several instances at once.
 */
export async function seedReferenceData(db: Database) {
	await db.transaction(async (tx) => {
		await tx
			.insert(municipi)
			.values(milanoNetwork.municipi.map((id) => ({ id })))
			.onConflictDoNothing();
		const [someBranch] = await tx.select({ id: branches.id }).from(branches).limit(1);
		if (!someBranch) {
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
		}
		const [someService] = await tx.select({ id: services.id }).from(services).limit(1);
		if (!someService) {
			await tx
				.insert(services)
				.values(milanoNetwork.services.map((s) => ({ slug: s.slug, nameIt: s.it, nameEn: s.en })))
				.onConflictDoNothing({ target: services.slug });
		}
	});
}
