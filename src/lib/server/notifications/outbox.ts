import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { retryDelaySeconds } from '../../domain/proposal/residents';
import type { Stage } from '../../domain/proposal/stages';
import { m } from '../../paraglide/messages';
import type { Database } from '../db/client';
import { innermostMessage } from '../db/data-dir';
import {
	notificationOutbox,
	proposalEvents,
	proposals,
	residentContacts
} from '../db/schema/index';
import type { Runtime } from '../runtime';
import { isLocale, type Locale } from '../../domain/languages';

/**
 * The sender of `notification_outbox`: rows are queued by transitions.ts in the same transaction
 * as the stage change, so none is lost if the mail server is down; here they are claimed, sent
 * and marked sent. A row is claimed by pushing its next attempt into the future by the backoff
 * first, so a failure, a crash mid-send or a second instance all lead to a later retry, never to
 * a dropped email (at worst, after a crash, one email twice).
 */

export interface Mail {
	to: string;
	subject: string;
	text: string;
}

/** Delivers one email or throws. */
export type SendMail = (mail: Mail) => Promise<void>;

export interface DrainOptions {
	/** The public address the links point to (ORIGIN). */
	origin: string;
	/** The clock to judge due rows by; default the database's. */
	now?: Date;
	/** Rows per round. */
	batch?: number;
}

/** Longest error text kept on a row: enough to diagnose, not a copy of a server's transcript. */
const ERROR_MAX = 300;

/** Sends what is due; resolves to how many went out and how many will be retried. */
export async function drain(
	db: Database,
	send: SendMail,
	options: DrainOptions
): Promise<{ sent: number; failed: number }> {
	const now = options.now ?? (await databaseNow(db));
	const claimed = await claim(db, now, options.batch ?? 20);
	let sent = 0;
	let failed = 0;
	for (const row of claimed) {
		const [item] = await db
			.select({
				email: residentContacts.email,
				locale: residentContacts.locale,
				stopToken: residentContacts.stopToken,
				title: proposals.title,
				proposalId: proposals.id,
				stage: proposalEvents.toStage
			})
			.from(notificationOutbox)
			.innerJoin(proposals, eq(proposals.id, notificationOutbox.proposalId))
			.innerJoin(proposalEvents, eq(proposalEvents.id, notificationOutbox.eventId))
			.leftJoin(residentContacts, eq(residentContacts.residentId, notificationOutbox.residentId))
			.where(eq(notificationOutbox.id, row.id));
		if (!item?.email || !item.stopToken || !item.stage) {
			// The resident withdrew their address since: nothing is kept for them.
			await db.delete(notificationOutbox).where(eq(notificationOutbox.id, row.id));
			continue;
		}
		try {
			await send({
				to: item.email,
				...compose({
					title: item.title,
					stage: item.stage,
					locale: isLocale(item.locale) ? item.locale : 'it',
					link: `${options.origin}/p/${item.proposalId}`,
					stopLink: `${options.origin}/le-mie-idee/stop/${item.stopToken}`
				})
			});
			await db
				.update(notificationOutbox)
				.set({ sentAt: now, lastError: null })
				.where(eq(notificationOutbox.id, row.id));
			sent++;
		} catch (error) {
			failed++;
			await db
				.update(notificationOutbox)
				.set({ lastError: innermostMessage(error).slice(0, ERROR_MAX) })
				.where(eq(notificationOutbox.id, row.id));
		}
	}
	return { sent, failed };
}

async function databaseNow(db: Database): Promise<Date> {
	const [row] = await db.select({ now: sql<string>`now()::text` }).from(sql`(select 1) as clock`);
	return new Date(row!.now);
}

/** Takes up to `batch` due rows, moving each one's next attempt to after its backoff. */
async function claim(db: Database, now: Date, batch: number) {
	return db.transaction(async (tx) => {
		const due = await tx
			.select({ id: notificationOutbox.id, attempts: notificationOutbox.attempts })
			.from(notificationOutbox)
			.where(and(isNull(notificationOutbox.sentAt), lte(notificationOutbox.nextAttemptAt, now)))
			.orderBy(asc(notificationOutbox.nextAttemptAt))
			.limit(batch)
			.for('update', { skipLocked: true });
		for (const row of due) {
			const attempts = row.attempts + 1;
			await tx
				.update(notificationOutbox)
				.set({
					attempts,
					nextAttemptAt: new Date(now.getTime() + retryDelaySeconds(attempts) * 1000)
				})
				.where(eq(notificationOutbox.id, row.id));
		}
		return due;
	});
}

/** The email about a stage change, in the language the resident gave consent in. */
export function compose(fields: {
	title: string;
	stage: Stage;
	locale: Locale;
	link: string;
	stopLink: string;
}): { subject: string; text: string } {
	const { locale } = fields;
	const stage = stageWords(fields.stage, locale);
	return {
		subject: m.ideas_email_subject({ title: fields.title, stage: stage.name }, { locale }),
		text: m.ideas_email_body(
			{
				title: fields.title,
				stage: stage.name,
				explanation: stage.explanation,
				link: fields.link,
				stopLink: fields.stopLink
			},
			{ locale }
		)
	};
}

/** A stage's name and what it means for the resident, in plain words. */
export function stageWords(stage: Stage, locale?: Locale): { name: string; explanation: string } {
	const options = locale ? { locale } : {};
	const names = {
		proposed: m.proposal_stage_proposed,
		shortlisted: m.proposal_stage_shortlisted,
		prototyping: m.proposal_stage_prototyping,
		evaluating: m.proposal_stage_evaluating,
		adopted: m.proposal_stage_adopted,
		archived: m.proposal_stage_archived,
		merged: m.proposal_stage_merged
	};
	const explanations = {
		proposed: m.ideas_stage_explain_proposed,
		shortlisted: m.ideas_stage_explain_shortlisted,
		prototyping: m.ideas_stage_explain_prototyping,
		evaluating: m.ideas_stage_explain_evaluating,
		adopted: m.ideas_stage_explain_adopted,
		archived: m.ideas_stage_explain_archived,
		merged: m.ideas_stage_explain_merged
	};
	return { name: names[stage]({}, options), explanation: explanations[stage]({}, options) };
}

/** A nodemailer SMTP transport as a `SendMail`. */
export function smtpSender(smtpUrl: string, from: string): SendMail {
	const transport = nodemailer.createTransport(smtpUrl);
	return async (mail) => {
		await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
	};
}

/** How often the sender looks for due rows when nobody nudges it. */
const POLL_MS = 15_000;
const SENDERS = Symbol.for('piazza.notification-senders');
type Sender = { nudge: () => void };

/**
 * Starts the sender when SMTP_URL is set (once per runtime, however many bundles share it). It
 * polls, and a stage change nudges it so that followers hear about it at once.
 */
export function startSending(runtime: Runtime): void {
	const { smtpUrl, from, origin } = runtime.config.notifications;
	if (!smtpUrl || !origin) return;
	const senders = ((globalThis as Record<symbol, WeakMap<Runtime, Sender>>)[SENDERS] ??=
		new WeakMap());
	if (senders.has(runtime)) return;
	const send = smtpSender(smtpUrl, from);
	let running = false;
	let again = false;
	let stopped = false;
	const round = async () => {
		if (stopped) return;
		if (running) {
			again = true;
			return;
		}
		running = true;
		try {
			do {
				again = false;
				const { failed } = await drain(runtime.database.db, send, { origin });
				if (failed > 0) console.warn(`[piazza] notifications: ${failed} email(s) will be retried`);
			} while (again && !stopped);
		} catch (error) {
			console.error(`[piazza] notifications: ${innermostMessage(error)}`);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(round, POLL_MS);
	timer.unref();
	senders.set(runtime, { nudge: () => void round() });
	runtime.onStop(async () => {
		stopped = true;
		clearInterval(timer);
	});
	void round();
}

/** Asks the sender (if any) to look for due emails now. */
export function nudge(runtime: Runtime): void {
	(globalThis as Record<symbol, WeakMap<Runtime, Sender> | undefined>)[SENDERS]?.get(
		runtime
	)?.nudge();
}

/** Pending emails of these residents, dropped when they withdraw their address. */
export function dropPending(db: Database, residentIds: string[]) {
	return db
		.delete(notificationOutbox)
		.where(
			and(inArray(notificationOutbox.residentId, residentIds), isNull(notificationOutbox.sentAt))
		);
}
