import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { provenanceUnnamed, retentionCutoff } from '../../domain/privacy/erasure';
import * as sessions from '../auth/sessions';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import {
	participants,
	privacyErasures,
	proposalComments,
	residentContacts,
	sessions as sessionRows
} from '../db/schema/index';
import * as outbox from '../notifications/outbox';
import type { Runtime } from '../runtime';
import { documentsOf, rewriteNotes } from './documents';
import type { LiveDocuments } from './documents';
import { rewriteProvenance } from './provenance';

/**
 * Retention (PARTICIPANT_RETENTION_DAYS): a resident's personal fields are kept for that many days
 * after they last joined a workshop, then a periodic sweep removes them. What goes: their
 * participant sessions (whatever their sliding expiry says), their nicknames (on their participant
 * rows, beside their notes on the boards and in proposals' provenance, on their comments) and their
 * email. What stays, with no name on it: what they contributed to the process (notes, dots,
 * comments, supports), which the library's reports and the proposals rely on. Piazza keeps no
 * address or other network data of residents: rate limits hold addresses in memory for minutes.
 */

export interface RetentionContext {
	db: Database;
	live: LiveDocuments;
	retentionDays: number;
}

export interface SweepResult {
	/** Participant sessions ended because they were older than the retention period. */
	sessions: number;
	/** Residents whose personal fields were removed. */
	residents: number;
	/** Participant rows anonymised. */
	participants: number;
}

/** Residents handled per database round; the sweep loops until none is due. */
const BATCH = 100;

/** Removes what has outlived the retention period, judged at `now` (a parameter, for tests). */
export async function sweep(ctx: RetentionContext, now = new Date()): Promise<SweepResult> {
	const { db, live } = ctx;
	const cutoff = retentionCutoff(now, ctx.retentionDays);
	const result: SweepResult = { sessions: 0, residents: 0, participants: 0 };

	const ended = await db
		.delete(sessionRows)
		.where(and(sql`${sessionRows.residentId} is not null`, lt(sessionRows.createdAt, cutoff)))
		.returning({ id: sessionRows.id });
	sessions.announceEnded(ended.map((row) => row.id));
	result.sessions = ended.length;

	for (;;) {
		const due = await dueResidents(db, cutoff);
		if (due.length === 0) break;
		for (const residentId of due) {
			result.participants += await anonymise(db, live, residentId);
			result.residents++;
		}
		if (due.length < BATCH) break;
	}
	return result;
}

/**
 * Residents with a named participant row, none seen since the cutoff, and no session left (a
 * session younger than the cutoff means they joined since).
 */
async function dueResidents(db: Database, cutoff: Date): Promise<string[]> {
	const rows = await db
		.selectDistinct({ residentId: participants.residentId })
		.from(participants)
		.where(
			and(
				isNull(participants.anonymisedAt),
				sql`${participants.residentId} is not null`,
				sql`not exists (select 1 from participants p2 where p2.resident_id = ${participants.residentId} and p2.last_seen_at >= ${cutoff.toISOString()}::timestamptz)`,
				sql`not exists (select 1 from sessions s where s.resident_id = ${participants.residentId})`
			)
		)
		.limit(BATCH);
	return rows.map((row) => row.residentId!);
}

/** Removes one resident's personal fields; returns the participant rows anonymised. */
async function anonymise(db: Database, live: LiveDocuments, residentId: string): Promise<number> {
	const rows = await db
		.select({ participantId: participants.id, workshopId: participants.workshopId })
		.from(participants)
		.where(eq(participants.residentId, residentId));
	const ids = new Set(rows.map((r) => r.participantId));
	const names = await documentsOf(db, rows);
	const { changed } = await rewriteNotes(live, names, ids, 'unname');

	await db.transaction(async (tx) => {
		const workshopIds = [...new Set(rows.map((r) => r.workshopId))];
		await rewriteProvenance(tx, workshopIds, (provenance) => provenanceUnnamed(provenance, ids));
		await tx
			.update(proposalComments)
			.set({ authorName: '' })
			.where(eq(proposalComments.residentId, residentId));
		// With the address gone, nothing waiting for it may be sent.
		await tx.delete(residentContacts).where(eq(residentContacts.residentId, residentId));
		await outbox.dropPending(tx, [residentId]);
		await tx
			.update(participants)
			.set({ nickname: '', anonymisedAt: sql`now()` })
			.where(eq(participants.residentId, residentId));
		await tx.insert(privacyErasures).values({
			kind: 'retention',
			participantIds: [...ids].join(','),
			notesRemoved: 0
		});
	});
	if (changed.length > 0) await live.compactNow(changed);
	return ids.size;
}

const SWEEP_MS = 60 * 60 * 1000;
const SWEEPING = Symbol.for('piazza.privacy.sweeping');

/** Runs the sweep now and then every hour, once per runtime (like listening.startSweeping). */
export function startSweeping(runtime: Runtime): void {
	const started = ((globalThis as Record<symbol, WeakSet<Runtime>>)[SWEEPING] ??= new WeakSet());
	if (started.has(runtime)) return;
	started.add(runtime);
	const run = () =>
		sweep({
			db: runtime.database.db,
			live: collabServer(runtime),
			retentionDays: runtime.config.privacy.retentionDays
		}).catch((error: unknown) => {
			console.error(`[piazza] privacy: retention sweep failed: ${(error as Error).message}`);
		});
	const first = setTimeout(run, 60_000);
	first.unref();
	const timer = setInterval(run, SWEEP_MS);
	timer.unref();
	runtime.onStop(async () => {
		clearTimeout(first);
		clearInterval(timer);
	});
}
