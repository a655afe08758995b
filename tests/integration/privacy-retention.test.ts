import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION } from '../../src/lib/domain/proposal/residents';
import { collabServer } from '../../src/lib/server/collab/server';
import {
	collabDocuments,
	collabUpdates,
	participants,
	privacyErasures,
	residentContacts,
	sessions
} from '../../src/lib/server/db/schema/index';
import * as contacts from '../../src/lib/server/notifications/contacts';
import * as retention from '../../src/lib/server/privacy/retention';
import type { Runtime } from '../../src/lib/server/runtime';
import { addResidents } from '../helpers/board-edits';
import type { Resident } from '../helpers/board-edits';
import { demoBoards, noteOf } from '../helpers/collab';
import { inProcessKind, startInProcess } from '../helpers/in-process';
import type { InProcess } from '../helpers/in-process';
import { demoWorkshopId } from '../helpers/workshops';

/**
 * Retention (PARTICIPANT_RETENTION_DAYS): once a resident has not joined a workshop for the
 * configured period, the sweep removes their nickname (SQL and beside their notes on the boards,
 * down to the stored bytes), their email and their sessions, and keeps what they contributed. The
 * sweep is judged at a fixed instant, so the test needs no waiting. In process (the runtime is a
 * process-wide singleton): the last database kind the suite was asked for.
 */
const kind = inProcessKind;

/** The fixed clock: far enough ahead of the real one that every row's time is set by the test. */
const NOW = new Date('2030-01-01T12:00:00Z');
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(NOW.getTime() - days * DAY);
const OLD_NAME = 'Vecchio-zq-5521';
const NOTE_TEXT = 'una panchina in cortile';

describe(`retention sweep on ${kind}`, () => {
	let runtime: Runtime;
	let instance: InProcess;
	let board: string;
	let old: Resident & { residentId: string };
	let recent: Resident;
	const key = { old: '', recent: '' };

	beforeAll(async () => {
		instance = await startInProcess(kind);
		runtime = instance.runtime;
		const db = runtime.database.db;
		const workshopId = await demoWorkshopId(db);
		board = (await demoBoards(db, workshopId)).open;
		const [a, b] = (await addResidents(db, workshopId, [OLD_NAME, 'Recente'])) as [
			Resident,
			Resident
		];
		recent = b;
		const [row] = await db
			.select({ residentId: participants.residentId })
			.from(participants)
			.where(eq(participants.id, a.id));
		old = { ...a, residentId: row!.residentId! };
		await contacts.give(db, old.residentId, {
			email: 'vecchio.zq@example.org',
			consent: true,
			consentVersion: CONSENT_VERSION,
			locale: 'it'
		});
		// Last joined 400 days before NOW; the other resident 20 days before.
		await db
			.update(participants)
			.set({ lastSeenAt: daysBefore(400) })
			.where(eq(participants.id, old.id));
		await db
			.update(sessions)
			.set({ createdAt: daysBefore(400) })
			.where(eq(sessions.residentId, old.residentId));
		await db
			.update(participants)
			.set({ lastSeenAt: daysBefore(20) })
			.where(eq(participants.id, recent.id));
		const [recentRow] = await db
			.select({ residentId: participants.residentId })
			.from(participants)
			.where(eq(participants.id, recent.id));
		await db
			.update(sessions)
			.set({ createdAt: daysBefore(20) })
			.where(eq(sessions.residentId, recentRow!.residentId!));

		// Their notes, as their phones wrote them, stored and compacted like any other.
		key.old = `${old.id}:oldnote0001`;
		key.recent = `${recent.id}:newnote0001`;
		const live = collabServer(runtime);
		await live.transact(`board:${board}`, (doc) => {
			doc.getMap('notes').set(key.old, noteOf(old.id, OLD_NAME, NOTE_TEXT));
			doc.getMap('notes').set(key.recent, noteOf(recent.id, 'Recente', 'un’altra idea'));
		});
		await live.compactNow([`board:${board}`]);
	});
	afterAll(async () => {
		await instance?.stop();
	});

	const sweep = (now: Date) =>
		retention.sweep(
			{ db: runtime.database.db, live: collabServer(runtime), retentionDays: 365 },
			now
		);

	async function storedBytes(): Promise<Buffer[]> {
		const db = runtime.database.db;
		const rows = await db.select({ update: collabUpdates.update }).from(collabUpdates);
		const snapshots = await db.select({ snapshot: collabDocuments.snapshot }).from(collabDocuments);
		return [
			...rows.flatMap((r) => (r.update ? [Buffer.from(r.update)] : [])),
			...snapshots.map((s) => Buffer.from(s.snapshot))
		];
	}
	const stores = async (text: string) =>
		(await storedBytes()).some((chunk) => chunk.includes(Buffer.from(text)));

	it('leaves everyone alone while the period has not run out', async () => {
		// 300 days after the old resident's last join.
		const early = new Date(NOW.getTime() - 100 * DAY);
		expect(await sweep(early)).toEqual({ sessions: 0, residents: 0, participants: 0 });
		const [row] = await runtime.database.db
			.select()
			.from(participants)
			.where(eq(participants.id, old.id));
		expect(row!.nickname).toBe(OLD_NAME);
		expect(await stores(OLD_NAME)).toBe(true);
	});

	it('removes the nickname, email and session of a resident not seen for the period', async () => {
		expect(await sweep(NOW)).toEqual({ sessions: 1, residents: 1, participants: 1 });
		const db = runtime.database.db;
		const rows = await db.select().from(participants);
		const gone = rows.find((r) => r.id === old.id)!;
		expect(gone.nickname).toBe('');
		expect(gone.anonymisedAt).not.toBeNull();
		expect(rows.find((r) => r.id === recent.id)).toMatchObject({
			nickname: 'Recente',
			anonymisedAt: null
		});
		expect(
			await db
				.select()
				.from(residentContacts)
				.where(eq(residentContacts.residentId, old.residentId))
		).toEqual([]);
		expect(await db.select().from(sessions).where(eq(sessions.residentId, old.residentId))).toEqual(
			[]
		);
		expect(await db.select({ kind: privacyErasures.kind }).from(privacyErasures)).toEqual([
			{ kind: 'retention' }
		]);
	});

	it('keeps the note but not the name beside it, down to the stored bytes', async () => {
		const notes = await collabServer(runtime).read(`board:${board}`, (doc) =>
			doc.getMap('notes').toJSON()
		);
		expect(notes[key.old]).toMatchObject({ text: NOTE_TEXT, authorName: '' });
		expect(notes[key.recent]).toMatchObject({ authorName: 'Recente' });
		expect(await stores(OLD_NAME)).toBe(false);
		expect(await stores(NOTE_TEXT)).toBe(true);
	});

	it('does nothing more when swept again', async () => {
		expect(await sweep(NOW)).toEqual({ sessions: 0, residents: 0, participants: 0 });
	});
});
