import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { provenanceWithout } from '../../domain/privacy/erasure';
import * as sessions from '../auth/sessions';
import type { Database } from '../db/client';
import {
	participants,
	privacyErasures,
	proposalComments,
	proposalFollows,
	proposalSources,
	proposalSupports,
	residentContacts,
	residents,
	sessions as sessionRows
} from '../db/schema/index';
import * as supportCounts from '../proposals/support-counts';
import { collabServer } from '../collab/server';
import type { Runtime } from '../runtime';
import { documentsOf, rewriteNotes } from './documents';
import type { LiveDocuments, Participation } from './documents';
import { rewriteProvenance } from './provenance';

/**
 * Erasing what a resident contributed, at their request ("le mie idee") or an admin's on their
 * behalf. What goes, in this order:
 *
 * 1. Their sessions: the phone that asked is signed out, and its open sockets close within about a
 *    second (the live-document server rechecks an ended session's sockets at once), so nothing new
 *    is written while the rest runs.
 * 2. Their notes, from every board of their workshops, from their inboxes and from the boards'
 *    `held:` documents, through the live-document server's own transactions: open phones and the
 *    projector see them go. The journals of those documents are then folded into snapshots of the
 *    garbage-collected state (Yjs keeps a deleted map entry's key, never its value), and the journal
 *    rows lose their bytes, so the text is nowhere in storage.
 * 3. In SQL: their comments, supports, follows and email (with any email waiting to be sent);
 *    support counts recounted; their quoted notes and nickname removed from the provenance of
 *    proposals promoted from them (the proposal itself stays: staff wrote it and may have carried
 *    it far; its anonymous figures stay too).
 * 4. Their participant rows stay, with no nickname, each moved to a fresh anonymous resident that
 *    nobody holds a session for, so that nothing links their workshops together any more. Their
 *    dots stay on those rows: a tally is an anonymous count, results already revealed must not
 *    change under the room's eyes, and nobody can tell whose dots they were.
 * 5. A record: who erased (the resident themself, or which admin), which participant rows, when,
 *    how many notes. No content.
 *
 * Repeating an erasure that was cut short (the database went away half-way) finishes it: every
 * step finds what is left of the resident's and does nothing to what is already gone.
 */

export type Actor = { kind: 'self' } | { kind: 'admin'; userId: string; name: string };

export interface ErasureResult {
	/** Participant rows anonymised. */
	participants: number;
	/** Notes removed from boards and inboxes. */
	notes: number;
	/** Comments deleted. */
	comments: number;
}

/** Everything `erase` needs: the database and the live-document server. */
export interface ErasureContext {
	db: Database;
	live: LiveDocuments;
}

/** A resident's participant rows (workshops they joined). */
export async function participationsOf(db: Database, residentId: string): Promise<Participation[]> {
	return db
		.select({ participantId: participants.id, workshopId: participants.workshopId })
		.from(participants)
		.where(eq(participants.residentId, residentId));
}

export async function erase(
	ctx: ErasureContext,
	residentId: string,
	actor: Actor
): Promise<ErasureResult> {
	const { db, live } = ctx;
	const participations = await participationsOf(db, residentId);
	const ids = new Set(participations.map((p) => p.participantId));

	// 1. Signed out everywhere, first.
	const ended = await db
		.delete(sessionRows)
		.where(eq(sessionRows.residentId, residentId))
		.returning({ id: sessionRows.id });
	sessions.announceEnded(ended.map((row) => row.id));

	// 2. Notes out of the live documents. A pass can race a held note being let through (loading
	// an inbox reconciles it with the board), so passes repeat until one finds nothing.
	const names = await documentsOf(db, participations);
	const changed = new Set<string>();
	let notes = 0;
	for (let pass = 0; pass < 5; pass++) {
		const done = await rewriteNotes(live, names, ids, 'erase');
		notes += done.notes;
		for (const name of done.changed) changed.add(name);
		if (done.changed.length === 0) break;
	}

	// 3–5. SQL, in one transaction.
	const comments = await db.transaction(async (tx) => {
		const supported = (
			await tx
				.select({ id: proposalSupports.proposalId })
				.from(proposalSupports)
				.where(eq(proposalSupports.residentId, residentId))
		)
			.map((row) => row.id)
			.sort();
		// Counts are written under the proposals' row locks, taken in id order by every writer.
		await supportCounts.lock(tx, supported);

		const workshopIds = [...new Set(participations.map((p) => p.workshopId))];
		await rewriteProvenance(tx, workshopIds, (provenance) => provenanceWithout(provenance, ids));
		if (ids.size > 0)
			await tx
				.update(proposalSources)
				.set({ participantId: null })
				.where(inArray(proposalSources.participantId, [...ids]));

		const removedComments = await tx
			.delete(proposalComments)
			.where(eq(proposalComments.residentId, residentId))
			.returning({ id: proposalComments.id });
		await tx.delete(proposalFollows).where(eq(proposalFollows.residentId, residentId));
		await tx.delete(proposalSupports).where(eq(proposalSupports.residentId, residentId));
		// The outbox goes with the resident row (cascade).
		await tx.delete(residentContacts).where(eq(residentContacts.residentId, residentId));

		for (const participantId of ids) {
			const [blank] = await tx.insert(residents).values({}).returning({ id: residents.id });
			await tx
				.update(participants)
				.set({ residentId: blank!.id, nickname: '', anonymisedAt: sql`now()` })
				.where(eq(participants.id, participantId));
		}
		await tx.delete(residents).where(eq(residents.id, residentId));
		await supportCounts.recount(tx, supported);

		await tx.insert(privacyErasures).values({
			kind: actor.kind,
			actorUserId: actor.kind === 'admin' ? actor.userId : null,
			actorName: actor.kind === 'admin' ? actor.name : null,
			participantIds: [...ids].join(','),
			notesRemoved: notes
		});
		return removedComments.length;
	});

	// The journal rows written before the deletes still hold the text until they are folded.
	if (changed.size > 0) await live.compactNow([...changed]);
	return { participants: ids.size, notes, comments };
}

/** Whether this participant row belongs to a resident (staff who joined with the code are not erased here). */
export async function residentOf(db: Database, participantId: string): Promise<string | null> {
	const [row] = await db
		.select({ residentId: participants.residentId })
		.from(participants)
		.where(and(eq(participants.id, participantId), isNull(participants.anonymisedAt)));
	return row?.residentId ?? null;
}

/** The database and live documents of a running server, for the routes. */
export function contextOf(runtime: Runtime): ErasureContext {
	return { db: runtime.database.db, live: collabServer(runtime) };
}
