import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_VERSION, RETRY_FIRST_SECONDS } from '../../src/lib/domain/proposal/residents';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Database } from '../../src/lib/server/db/client';
import {
	branches,
	notificationOutbox,
	participants,
	proposalBranches,
	proposalEvents,
	proposalFollows,
	proposalServices,
	proposals,
	residentContacts,
	residents,
	services
} from '../../src/lib/server/db/schema/index';
import * as contacts from '../../src/lib/server/notifications/contacts';
import * as outbox from '../../src/lib/server/notifications/outbox';
import { createTestDatabase, databaseKinds } from '../helpers/db';
import type { TestDatabase } from '../helpers/db';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

// Stage changes reach the followers who left an email: queued in notification_outbox with the
// change, sent by the outbox sender through a real SMTP server (smtp-server, in this process).

interface Received {
	to: string[];
	raw: string;
	body: string;
}

/** A real SMTP server on `port` (0: any free one), handing each message it accepts to `onMail`. */
async function mailServer(onMail: (mail: Received) => void, port = 0) {
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				onMail({ to: session.envelope.rcptTo.map((r) => r.address), raw, body: bodyOf(raw) });
				callback();
			});
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	return {
		port: (server.server.address() as AddressInfo).port,
		close: () => new Promise<void>((resolve) => server.close(() => resolve()))
	};
}

/** The text of a single-part message, whatever transfer encoding the sender chose. */
function bodyOf(raw: string): string {
	const split = raw.search(/\r?\n\r?\n/);
	const head = raw.slice(0, split);
	const body = raw.slice(split).trim();
	const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
	if (encoding === 'base64')
		return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
	if (encoding === 'quoted-printable')
		return Buffer.from(
			body
				.replace(/=\r?\n/g, '')
				.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
			'latin1'
		).toString('utf8');
	return body;
}

/** The next message the server receives. */
function nextMail() {
	let deliver: (mail: Received) => void = () => {};
	const arrived = new Promise<Received>((resolve) => (deliver = resolve));
	return { arrived, onMail: (mail: Received) => deliver(mail) };
}

describe.each(databaseKinds)('the outbox sender on %s', (kind) => {
	let database: TestDatabase;
	let db: Database;
	let residentId: string;
	let proposalId: string;
	const ORIGIN = 'https://piazza.example.org';
	const closers: (() => Promise<void>)[] = [];

	beforeAll(async () => {
		database = await createTestDatabase(kind);
		db = database.handle.db;
		const [resident] = await db.insert(residents).values({}).returning({ id: residents.id });
		residentId = resident!.id;
		const [proposal] = await db
			.insert(proposals)
			.values({
				title: 'Armadietti fuori orario',
				provenance: bareProvenance('00000000-0000-4000-8000-000000000001')
			})
			.returning({ id: proposals.id });
		proposalId = proposal!.id;
		await db.insert(proposalFollows).values({ proposalId, residentId });
		expect(
			await contacts.give(db, residentId, {
				email: 'Giulia@Example.org',
				consent: true,
				consentVersion: CONSENT_VERSION,
				locale: 'it'
			})
		).toEqual({ ok: true });
	});
	afterEach(async () => {
		for (const close of closers.splice(0)) await close();
	});
	afterAll(() => database?.dispose());

	/** A stage change as transitions.ts records it, with its queued email. */
	async function stageChange(to: 'shortlisted' | 'prototyping') {
		const [event] = await db
			.insert(proposalEvents)
			.values({
				proposalId,
				kind: 'stage',
				actorName: 'Responsabile',
				fromStage: 'proposed',
				toStage: to
			})
			.returning({ id: proposalEvents.id });
		const [row] = await db
			.insert(notificationOutbox)
			.values({ residentId, proposalId, eventId: event!.id })
			.returning({ id: notificationOutbox.id });
		return row!.id;
	}

	async function rowOf(id: string) {
		const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
		return row;
	}

	it('loses nothing while the mail server is down, and delivers once it is back', async () => {
		const rowId = await stageChange('shortlisted');
		// A port that was just free: nothing listens on it until the server "comes back" below.
		const probe = await mailServer(() => {});
		const port = probe.port;
		await probe.close();
		const send = outbox.smtpSender(`smtp://127.0.0.1:${port}`, 'Piazza <piazza@example.org>');
		const now = new Date(Date.now() + 60_000);

		expect(await outbox.drain(db, send, { origin: ORIGIN, now })).toEqual({ sent: 0, failed: 1 });
		const failed = await rowOf(rowId);
		expect(failed).toMatchObject({ attempts: 1, sentAt: null });
		expect(failed!.lastError).toBeTruthy();
		expect(failed!.nextAttemptAt.getTime()).toBe(now.getTime() + RETRY_FIRST_SECONDS * 1000);
		// Not due again before its backoff.
		expect(await outbox.drain(db, send, { origin: ORIGIN, now })).toEqual({ sent: 0, failed: 0 });

		const mail = nextMail();
		const server = await mailServer(mail.onMail, port);
		closers.push(server.close);
		const later = new Date(now.getTime() + RETRY_FIRST_SECONDS * 1000);
		expect(await outbox.drain(db, send, { origin: ORIGIN, now: later })).toEqual({
			sent: 1,
			failed: 0
		});
		const received = await mail.arrived;
		expect(received.to).toEqual(['giulia@example.org']);
		expect(received.body).toContain('«Armadietti fuori orario»');
		expect(received.body).toContain('Ora: Selezionata.');
		expect(received.body).toContain('La biblioteca l’ha scelta tra le proposte da provare.');
		expect(received.body).toContain(`${ORIGIN}/p/${proposalId}`);
		const [contact] = await db
			.select({ stopToken: residentContacts.stopToken })
			.from(residentContacts)
			.where(eq(residentContacts.residentId, residentId));
		expect(received.body).toContain(`${ORIGIN}/le-mie-idee/stop/${contact!.stopToken}`);
		expect(await rowOf(rowId)).toMatchObject({ sentAt: later, attempts: 2, lastError: null });

		// Sent is sent: a later round sends it no more.
		const farLater = new Date(later.getTime() + 24 * 3600 * 1000);
		expect(await outbox.drain(db, send, { origin: ORIGIN, now: farLater })).toEqual({
			sent: 0,
			failed: 0
		});
	});

	it('forgets the emails not yet sent when the resident withdraws their address', async () => {
		const rowId = await stageChange('prototyping');
		await contacts.withdraw(db, residentId);
		expect(await rowOf(rowId)).toBeUndefined();
		expect(await contacts.get(db, residentId)).toBeNull();
		const send: outbox.SendMail = async () => {
			throw new Error('nothing should be sent');
		};
		expect(
			await outbox.drain(db, send, { origin: ORIGIN, now: new Date(Date.now() + 3600_000) })
		).toEqual({ sent: 0, failed: 0 });
	});
});

interface Prepared {
	proposalId: string;
	giulia: string;
	giuliaResident: string;
	manager: string;
}

describe.each(databaseKinds)('notifications through the running server on %s', (kind) => {
	let site: Site<Prepared>;
	const ORIGIN = 'http://piazza.test';
	const mails: Received[] = [];
	let waiting: ((mail: Received) => void) | null = null;
	let smtp: { port: number; close: () => Promise<void> };

	beforeAll(async () => {
		smtp = await mailServer((mail) => {
			mails.push(mail);
			waiting?.(mail);
		});
		site = await startSite(kind, {
			env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ORIGIN },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const [resident] = await db.insert(residents).values({}).returning({ id: residents.id });
				await db
					.insert(participants)
					.values({ workshopId, residentId: resident!.id, nickname: 'Giulia' });
				const [proposal] = await db
					.insert(proposals)
					.values({
						workshopId,
						title: 'Armadietti fuori orario',
						provenance: bareProvenance(workshopId)
					})
					.returning({ id: proposals.id });
				const [branch] = await db
					.select({ id: branches.id })
					.from(branches)
					.where(eq(branches.slug, 'niguarda'));
				const [service] = await db
					.select({ id: services.id })
					.from(services)
					.where(eq(services.slug, 'smart-locker'));
				await db
					.insert(proposalBranches)
					.values({ proposalId: proposal!.id, branchId: branch!.id });
				await db
					.insert(proposalServices)
					.values({ proposalId: proposal!.id, serviceId: service!.id });
				return {
					proposalId: proposal!.id,
					giulia: (await sessions.create(db, { residentId: resident!.id }, 30)).token,
					giuliaResident: resident!.id,
					manager: await staffToken(db, 'responsabile@example.org')
				};
			}
		});
	});
	afterAll(async () => {
		await site?.stop();
		await smtp?.close();
	});

	const cookie = (token: string) => `piazza_session=${token}; piazza_lang=it`;

	/** A form post as the browser sends it from our own pages. */
	function postForm(path: string, token: string | null, fields: Record<string, string>) {
		return fetch(`${site.url}${path}`, {
			method: 'POST',
			headers: {
				origin: ORIGIN,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				...(token ? { cookie: cookie(token) } : {})
			},
			body: new URLSearchParams(fields).toString()
		});
	}

	async function myIdeas() {
		const response = await fetch(`${site.url}/le-mie-idee`, {
			headers: { cookie: cookie(site.prepared.giulia) }
		});
		return response.text();
	}

	it('asks for an email only with explicit consent to the versioned wording', async () => {
		const page = await myIdeas();
		expect(page).toContain('name="email"');
		expect(page).toContain(`value="${CONSENT_VERSION}"`);
		expect(page).not.toContain('Gli avvisi per email non sono attivi');

		const unconsented = await postForm('/le-mie-idee?/contact', site.prepared.giulia, {
			email: 'giulia@example.org',
			consentVersion: CONSENT_VERSION
		});
		expect(unconsented.status).toBe(400);
		expect(await unconsented.text()).toContain('serve il tuo consenso');
		const outdated = await postForm('/le-mie-idee?/contact', site.prepared.giulia, {
			email: 'giulia@example.org',
			consent: 'yes',
			consentVersion: 'vecchia'
		});
		expect(outdated.status).toBe(400);
		const badAddress = await postForm('/le-mie-idee?/contact', site.prepared.giulia, {
			email: 'giulia',
			consent: 'yes',
			consentVersion: CONSENT_VERSION
		});
		expect(badAddress.status).toBe(400);
		expect(await myIdeas()).toContain('name="email"');

		const given = await postForm('/le-mie-idee?/contact', site.prepared.giulia, {
			email: 'giulia@example.org',
			consent: 'yes',
			consentVersion: CONSENT_VERSION
		});
		expect(given.status).toBe(200);
		expect(await myIdeas()).toContain('Ti scriviamo a giulia@example.org');
	});

	it('emails a follower when a manager changes the stage', async () => {
		const followed = await fetch(`${site.url}/api/proposals/${site.prepared.proposalId}/follow`, {
			method: 'POST',
			headers: { cookie: cookie(site.prepared.giulia) }
		});
		expect(followed.status).toBe(200);
		const arrived = new Promise<Received>((resolve) => (waiting = resolve));
		const moved = await fetch(`${site.url}/api/proposals/${site.prepared.proposalId}/transitions`, {
			method: 'POST',
			headers: { cookie: cookie(site.prepared.manager), 'content-type': 'application/json' },
			body: JSON.stringify({ to: 'shortlisted', note: 'La proviamo a Niguarda.' })
		});
		expect(moved.status).toBe(200);
		const mail = await arrived;
		expect(mail.to).toEqual(['giulia@example.org']);
		expect(mail.body).toContain('Ora: Selezionata.');
		expect(mail.body).toContain(`${ORIGIN}/p/${site.prepared.proposalId}`);
		expect(mail.raw).toMatch(/^From: Piazza <piazza@piazza\.test>/m);
	});

	it('stops the emails from the link in them, on any device, with no session', async () => {
		const stop = /http:\/\/piazza\.test(\/le-mie-idee\/stop\/[A-Za-z0-9_-]+)/.exec(
			mails.at(-1)!.body
		)![1]!;
		const opened = await fetch(`${site.url}${stop}`);
		expect(opened.status).toBe(200);
		// Opening the link changes nothing: mail scanners open links too.
		expect(await myIdeas()).toContain('Ti scriviamo a giulia@example.org');
		const pressed = await postForm(stop, null, {});
		expect(pressed.status).toBe(200);
		expect(await pressed.text()).toContain('Abbiamo cancellato il tuo indirizzo');
		expect(await myIdeas()).toContain('name="email"');
		const again = await postForm(stop, null, {});
		expect(await again.text()).toContain('Questo link non vale più');
	});
});
