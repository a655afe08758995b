import { randomInt, randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { can } from '../../domain/access';
import type { Actor } from '../../domain/access';
import { isUuid } from '../../domain/ids';
import { generateJoinCode } from '../../domain/join-code';
import { checkListeningInput, lastDay, windowAt } from '../../domain/workshop/listening';
import type { ListeningField, ListeningRaw, WindowState } from '../../domain/workshop/listening';
import type { Locale } from '../../domain/workshop/templates';
import { collabServer } from '../collab/server';
import type { Database } from '../db/client';
import { activities, boards, workshopFacilitators, workshops } from '../db/schema/index';
import type { Denied, Outcome } from '../outcome';
import * as branches from '../reference/branches';
import type { Runtime } from '../runtime';
import * as control from './control';
import * as processes from './processes';
import * as staffWorkshops from './workshops';

/**
 * Listening points (domain/workshop/listening.ts): a workshop of the `listening-point` format, live
 * from the moment it is made, whose agenda is one idea wall asking the poster's question, open and
 * current, so that residents who scan the poster land on the composer through the ordinary join
 * flow with nobody to press "start". Everything after (clustering, dot voting, promotion) is the
 * ordinary agenda of the staff workshop page.
 *
 * Closing: at `closes_at` the board stops taking notes. The live-document server reads a listening
 * point's board as locked from that instant (collab/access.ts), so no write gets through whatever
 * is loaded; `lockExpired` then stores the lock in SQL and mirrors it into the control document,
 * so that phones show a closed board rather than a composer that is refused.
 */

/** The idea wall's title on phones and in the agenda, in the creator's language. */
const WALL_TITLE: Record<Locale, string> = { it: 'Le vostre idee', en: 'Your ideas' };

/** A fresh code collides with an existing one about once in 887 million per existing workshop. */
const CODE_ATTEMPTS = 10;

/**
 * Creates a listening point: workshop (live), the creator as its facilitator, its board (open) and
 * its one activity (current), in one transaction, then its live documents. Bad input creates
 * nothing and names every field at fault.
 */
export async function create(
	runtime: Runtime,
	actor: Actor,
	raw: ListeningRaw,
	options: { timeZone: string; locale: Locale; now?: Date }
): Promise<Outcome<ListeningField, { id: string; code: string }> | Denied> {
	if (!can(actor, 'workshop:create')) return { ok: false, denied: true };
	const db = runtime.database.db;
	const checked = checkListeningInput(raw, options.timeZone, options.now ?? new Date());
	if (!checked.ok) return checked;
	const value = checked.value;
	const errors: Partial<Record<ListeningField, string>> = {};
	if (!(await processes.exists(db, value.processId))) errors.processId = 'required';
	if (value.branchId && !(await branches.areSelectable(db, [value.branchId]))) {
		errors.branchId = 'invalid';
	}
	if (Object.keys(errors).length > 0) return { ok: false, errors };

	const boardId = randomUUID();
	const activityId = randomUUID();
	const created = await db.transaction(async (tx) => {
		for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
			const [row] = await tx
				.insert(workshops)
				.values({
					processId: value.processId,
					title: value.title,
					code: generateJoinCode(randomInt),
					format: 'listening-point',
					// Nobody will press "start": it is live as soon as it exists.
					status: 'live',
					// Not a session at a time of day: residents' pages would show "at 00:00".
					startsAt: null,
					opensAt: value.opensAt,
					closesAt: value.closesAt,
					branchId: value.branchId,
					placeText: value.placeText,
					createdBy: actor.id
				})
				// Only a clash on the code is expected here; anything else is a real error.
				.onConflictDoNothing({ target: workshops.code })
				.returning({ id: workshops.id, code: workshops.code });
			if (!row) continue;
			await tx.insert(workshopFacilitators).values({ workshopId: row.id, userId: actor.id });
			await tx.insert(boards).values({
				id: boardId,
				workshopId: row.id,
				kind: 'idea-wall',
				prompt: value.question,
				phase: 'open'
			});
			await tx.insert(activities).values({
				id: activityId,
				workshopId: row.id,
				position: 0,
				kind: 'idea-wall',
				title: WALL_TITLE[options.locale],
				boardId
			});
			await tx
				.update(workshops)
				.set({ currentActivityId: activityId })
				.where(eq(workshops.id, row.id));
			return row;
		}
		throw new Error(`No free join code after ${CODE_ATTEMPTS} attempts.`);
	});

	// As agenda.ts does for a new board: the live server seeds kind and prompt from SQL on first
	// load; an idea wall has no sections and no persona. A failure here leaves SQL right.
	try {
		await collabServer(runtime).transact(
			`board:${boardId}`,
			(doc) => {
				const meta = doc.getMap('meta');
				meta.set('sections', []);
				meta.set('persona', null);
			},
			'create listening point'
		);
	} catch (error) {
		console.error(
			`[piazza] listening: could not write the board of ${created.id}: ${(error as Error).message}`
		);
	}
	await control.republish(runtime, created.id, 'create listening point');
	return { ok: true, ...created };
}

/** A listening point's own facts, for the staff pages and the poster. */
export interface ListeningFacts {
	opensAt: Date;
	closesAt: Date;
	/** The question on the poster: its idea wall's prompt. */
	question: string;
	state: WindowState;
}

/**
 * The listening-point facts of a workshop, or null when it is an ordinary session (or no such
 * workshop). Whoever may see the workshop is the caller's check (`workshops.getForStaff`).
 */
export async function factsOf(
	db: Database,
	workshopId: string,
	now = new Date()
): Promise<ListeningFacts | null> {
	if (!isUuid(workshopId)) return null;
	const [row] = await db
		.select({ format: workshops.format, opensAt: workshops.opensAt, closesAt: workshops.closesAt })
		.from(workshops)
		.where(eq(workshops.id, workshopId));
	if (!row || row.format !== 'listening-point' || !row.opensAt || !row.closesAt) return null;
	// The question is the first idea wall's, even after staff add clustering and voting.
	const [wall] = await db
		.select({ prompt: boards.prompt })
		.from(activities)
		.innerJoin(boards, eq(boards.id, activities.boardId))
		.where(and(eq(activities.workshopId, workshopId), eq(activities.kind, 'idea-wall')))
		.orderBy(asc(activities.position))
		.limit(1);
	const window = { opensAt: row.opensAt, closesAt: row.closesAt };
	return { ...window, question: wall?.prompt ?? '', state: windowAt(window, now) };
}

/** A day for people to read, in their language and the library's time zone. */
export function formatDay(instant: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
		timeZone,
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(instant);
}

/**
 * What the staff workshop page shows of a listening point: where its window stands and its days
 * as people read them (the last day included), or null for an ordinary session.
 */
export async function describe(
	db: Database,
	workshopId: string,
	options: { locale: string; timeZone: string; now?: Date }
) {
	const facts = await factsOf(db, workshopId, options.now);
	if (!facts) return null;
	const day = (instant: Date) => formatDay(instant, options.locale, options.timeZone);
	return {
		state: facts.state,
		question: facts.question,
		opens: day(facts.opensAt),
		until: day(lastDay(facts.closesAt)),
		closed: day(facts.closesAt)
	};
}

/** The workshop and its listening-point facts for a staff member who may see it, else null. */
export async function posterFor(db: Database, actor: Actor, workshopId: string) {
	const workshop = await staffWorkshops.getForStaff(db, actor, workshopId);
	if (!workshop) return null;
	const listening = await factsOf(db, workshopId);
	if (!listening) return null;
	return { workshop, listening };
}

/**
 * Locks the open boards of every listening point whose window has closed, by the database's clock
 * (RELIABILITY.md 41: an app server's skewed clock must not keep a board open), and mirrors the
 * lock into the live documents. Returns the workshops it closed. Idempotent; cheap when there is
 * nothing to do (one indexed update that matches no row).
 */
export async function lockExpired(runtime: Runtime): Promise<string[]> {
	const db = runtime.database.db;
	const expired = db
		.select({ id: workshops.id })
		.from(workshops)
		.where(
			and(
				eq(workshops.format, 'listening-point'),
				ne(workshops.status, 'closed'),
				lte(workshops.closesAt, sql`now()`)
			)
		);
	const locked = await db
		.update(boards)
		.set({ phase: 'locked' })
		.where(and(eq(boards.phase, 'open'), inArray(boards.workshopId, expired)))
		.returning({ id: boards.id, workshopId: boards.workshopId });
	const collab = collabServer(runtime);
	for (const board of locked) collab.setBoardPhase(board.id, 'locked');
	const closed = [...new Set(locked.map((b) => b.workshopId))];
	for (const workshopId of closed) {
		await control.republish(runtime, workshopId, 'listening point closed');
	}
	return closed;
}

const SWEEPING = Symbol.for('piazza.listening.sweeping');

/** How often the server looks for listening points whose window has closed. */
export const SWEEP_MS = 60_000;

/**
 * Runs `lockExpired` every SWEEP_MS until the runtime stops. The lock itself does not wait for
 * this (the live server refuses notes from `closes_at` on); the sweep only brings the stored phase
 * and the phones' picture in line with it.
 */
export function startSweeping(runtime: Runtime): void {
	// One sweep per runtime, however many bundles share it (see runtime.ts).
	const started = ((globalThis as Record<symbol, WeakSet<Runtime>>)[SWEEPING] ??= new WeakSet());
	if (started.has(runtime)) return;
	started.add(runtime);
	const timer = setInterval(() => {
		lockExpired(runtime).catch((error: unknown) => {
			console.error(`[piazza] listening: sweep failed: ${(error as Error).message}`);
		});
	}, SWEEP_MS);
	timer.unref();
	runtime.onStop(async () => clearInterval(timer));
}
