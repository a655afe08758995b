import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Database } from '../../src/lib/server/db/client';
import {
	participants,
	proposalSources,
	proposals,
	residents,
	votes
} from '../../src/lib/server/db/schema/index';
import { demoBoards } from '../helpers/collab';
import { databaseKinds } from '../helpers/db';
import { bareProvenance } from '../helpers/proposals';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { demoWorkshopId, staffToken } from '../helpers/workshops';

// Added to the contract (README): /api/proposals/<id>/{follow,support,comments} for residents, the
// hide action for the proposal's staff, and the page /le-mie-idee.

interface Prepared {
	/** Giulia's note went into `locker`. */
	giulia: string;
	/** Marco put dots on the cluster `comics` came from. */
	marco: string;
	/** Anna takes part but has no idea in any proposal. */
	anna: string;
	/** A resident for the comment flood guard. */
	chatty: string;
	/** A session whose resident never took part in a workshop. */
	stranger: string;
	facilitator: string;
	manager: string;
	otherFacilitator: string;
	locker: string;
	comics: string;
	sundays: string;
	archived: string;
}

const COMMENTS_PER_HOUR = 5;

/** A resident who joined the workshop as `nickname` (or joined none), with their cookie value. */
async function resident(db: Database, workshopId: string | null, nickname: string) {
	const [row] = await db.insert(residents).values({}).returning({ id: residents.id });
	const [participant] = workshopId
		? await db
				.insert(participants)
				.values({ workshopId, residentId: row!.id, nickname })
				.returning({ id: participants.id })
		: [];
	const { token } = await sessions.create(db, { residentId: row!.id }, 30);
	return { token, participantId: participant?.id ?? null };
}

async function proposal(
	db: Database,
	workshopId: string,
	title: string,
	stage: 'proposed' | 'archived' = 'proposed'
) {
	const [row] = await db
		.insert(proposals)
		.values({
			workshopId,
			title,
			stage,
			archivedReason: stage === 'archived' ? 'Esiste già un servizio simile.' : null,
			provenance: { ...bareProvenance(workshopId), workshopTitle: 'La biblioteca che vorrei' }
		})
		.returning({ id: proposals.id });
	return row!.id;
}

describe.each(databaseKinds)('residents and proposals on %s', (kind) => {
	let site: Site<Prepared>;

	beforeAll(async () => {
		site = await startSite(kind, {
			env: { COMMENTS_PER_RESIDENT_PER_HOUR: String(COMMENTS_PER_HOUR) },
			prepare: async (db) => {
				const workshopId = await demoWorkshopId(db);
				const boardId = (await demoBoards(db, workshopId)).open;
				const giulia = await resident(db, workshopId, 'Giulia');
				const marco = await resident(db, workshopId, 'Marco');
				const anna = await resident(db, workshopId, 'Anna');
				const chatty = await resident(db, workshopId, 'Chiacchierona');
				const stranger = await resident(db, null, '');
				const locker = await proposal(db, workshopId, 'Armadietti fuori orario');
				const comics = await proposal(db, workshopId, 'Più fumetti per ragazzi');
				const sundays = await proposal(db, workshopId, 'Aperti la domenica');
				const archived = await proposal(db, workshopId, 'Una proposta chiusa', 'archived');
				await db.insert(proposalSources).values([
					{
						proposalId: locker,
						boardId,
						itemId: `${giulia.participantId}:nota1`,
						participantId: giulia.participantId
					},
					{ proposalId: comics, boardId, itemId: 'c-fumetti', participantId: null }
				]);
				await db
					.insert(votes)
					.values({ boardId, participantId: marco.participantId!, itemId: 'c-fumetti', count: 2 });
				const { create } = await import('../../src/lib/server/staff/users');
				await create(db, {
					email: 'altra@example.org',
					name: 'Altra Facilitatrice',
					role: 'facilitator',
					password: 'una-password-lunga'
				});
				return {
					giulia: giulia.token,
					marco: marco.token,
					anna: anna.token,
					chatty: chatty.token,
					stranger: stranger.token,
					facilitator: await staffToken(db, 'facilitatore@example.org'),
					manager: await staffToken(db, 'responsabile@example.org'),
					otherFacilitator: await staffToken(db, 'altra@example.org'),
					locker,
					comics,
					sundays,
					archived
				};
			}
		});
	});
	afterAll(() => site?.stop());

	async function call(
		method: 'GET' | 'POST' | 'DELETE',
		path: string,
		token: string | null,
		body?: unknown
	) {
		const headers: Record<string, string> = { 'accept-language': 'it' };
		if (token) headers.cookie = `piazza_session=${token}`;
		if (body !== undefined) headers['content-type'] = 'application/json';
		const response = await fetch(`${site.url}${path}`, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		// The answers are read field by field below; their shapes are what the tests assert.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		return { status: response.status, body: (await response.json()) as Record<string, any> };
	}

	async function page(path: string, token: string | null, language = 'it') {
		const cookie = [`piazza_lang=${language}`, ...(token ? [`piazza_session=${token}`] : [])];
		const response = await fetch(`${site.url}${path}`, { headers: { cookie: cookie.join('; ') } });
		return { status: response.status, html: await response.text() };
	}

	it('shows a resident the proposals their note went into, with the stage in plain words', async () => {
		const { status, html } = await page('/le-mie-idee', site.prepared.giulia);
		expect(status).toBe(200);
		expect(html).toContain('Armadietti fuori orario');
		expect(html).toContain(`href="/p/${site.prepared.locker}"`);
		expect(html).toContain('Proposta');
		expect(html).toContain('Il personale della biblioteca sta leggendo la proposta');
		expect(html).toContain('Tua idea');
		expect(html).not.toContain('Più fumetti per ragazzi');
		expect(html).not.toContain('Aperti la domenica');
	});

	it('shows a resident the proposals whose source they put dots on, in English too', async () => {
		const { html } = await page('/le-mie-idee', site.prepared.marco, 'en');
		expect(html).toContain('Più fumetti per ragazzi');
		expect(html).toContain('You voted for it');
		expect(html).toContain('Library staff are reading the proposal');
		expect(html).toContain('My ideas');
		expect(html).not.toContain('Armadietti fuori orario');
	});

	it('explains kindly, without a participant session, why there is nothing to show', async () => {
		const visitor = await page('/le-mie-idee', null);
		expect(visitor.status).toBe(200);
		expect(visitor.html).toContain('Le tue idee si vedono dal telefono con cui hai partecipato');
		const staff = await page('/le-mie-idee', site.prepared.manager);
		expect(staff.html).toContain('Le tue idee si vedono dal telefono con cui hai partecipato');
	});

	it('says that email notifications are off when no SMTP server is configured', async () => {
		const { html } = await page('/le-mie-idee', site.prepared.giulia);
		expect(html).toContain('Gli avvisi per email non sono attivi');
		expect(html).not.toContain('name="email"');
	});

	it('follows and unfollows, idempotently, and a followed proposal joins "my ideas"', async () => {
		const path = `/api/proposals/${site.prepared.sundays}/follow`;
		expect((await call('GET', path, site.prepared.anna)).body).toEqual({ following: false });
		expect(await call('POST', path, site.prepared.anna)).toEqual({
			status: 200,
			body: { following: true }
		});
		expect((await call('POST', path, site.prepared.anna)).body).toEqual({ following: true });
		expect((await call('GET', path, site.prepared.anna)).body).toEqual({ following: true });
		const followed = await page('/le-mie-idee', site.prepared.anna);
		expect(followed.html).toContain('Aperti la domenica');
		expect(followed.html).toContain('La segui');

		expect((await call('DELETE', path, site.prepared.anna)).body).toEqual({ following: false });
		expect((await call('DELETE', path, site.prepared.anna)).body).toEqual({ following: false });
		expect((await page('/le-mie-idee', site.prepared.anna)).html).not.toContain(
			'Aperti la domenica'
		);
	});

	it('refuses following to visitors, staff and unknown proposals', async () => {
		const path = `/api/proposals/${site.prepared.sundays}/follow`;
		expect(await call('POST', path, null)).toMatchObject({
			status: 401,
			body: { error: 'no_session' }
		});
		expect(await call('POST', path, site.prepared.manager)).toMatchObject({
			status: 403,
			body: { error: 'staff' }
		});
		expect(await call('POST', path, site.prepared.stranger)).toMatchObject({
			status: 403,
			body: { error: 'not_participant' }
		});
		for (const id of ['00000000-0000-4000-8000-000000000000', 'non-un-id', '..%2f..'])
			expect((await call('POST', `/api/proposals/${id}/follow`, site.prepared.anna)).status).toBe(
				404
			);
	});

	it('counts one support per resident, however often or at once they press it', async () => {
		const path = `/api/proposals/${site.prepared.locker}/support`;
		const answers = await Promise.all(
			Array.from({ length: 6 }, () => call('POST', path, site.prepared.giulia))
		);
		for (const answer of answers) expect(answer.status).toBe(200);
		expect((await call('GET', path, site.prepared.giulia)).body).toEqual({
			supported: true,
			supports: 1
		});
		expect((await call('POST', path, site.prepared.marco)).body).toEqual({
			supported: true,
			supports: 2
		});
		expect((await call('GET', `/api/proposals/${site.prepared.locker}`, null)).body.supports).toBe(
			2
		);
		expect((await call('DELETE', path, site.prepared.marco)).body).toEqual({
			supported: false,
			supports: 1
		});
		expect((await call('GET', path, null)).body).toEqual({ supported: false, supports: 1 });
	});

	it('lets neither staff nor a visitor nor a non-participant support, and counts nothing for them', async () => {
		const path = `/api/proposals/${site.prepared.comics}/support`;
		expect(await call('POST', path, site.prepared.facilitator)).toMatchObject({
			status: 403,
			body: { error: 'staff', message: expect.stringContaining('personale') }
		});
		expect(await call('POST', path, site.prepared.manager)).toMatchObject({ status: 403 });
		expect(await call('POST', path, null)).toMatchObject({
			status: 401,
			body: { error: 'no_session' }
		});
		expect(await call('POST', path, site.prepared.stranger)).toMatchObject({
			status: 403,
			body: { error: 'not_participant' }
		});
		expect((await call('GET', path, null)).body).toEqual({ supported: false, supports: 0 });
	});

	it('takes no new support for an archived proposal', async () => {
		const path = `/api/proposals/${site.prepared.archived}/support`;
		expect(await call('POST', path, site.prepared.anna)).toMatchObject({
			status: 409,
			body: { error: 'final_stage' }
		});
		expect((await call('GET', path, null)).body.supports).toBe(0);
	});

	it('keeps a comment with markup as text, signed with the nickname', async () => {
		const path = `/api/proposals/${site.prepared.locker}/comments`;
		const text = '<script>alert(1)</script><img src=x onerror=alert(2)> Bella idea!';
		const posted = await call('POST', path, site.prepared.marco, { text });
		expect(posted.status).toBe(201);
		expect(posted.body.comment).toMatchObject({
			authorName: 'Marco',
			text,
			hidden: null,
			mine: true
		});
		const read = await call('GET', path, null);
		expect(read.body.comments).toEqual([
			expect.objectContaining({ text, authorName: 'Marco', mine: false })
		]);
	});

	it('refuses empty, oversized and invisible-character comments, storing nothing', async () => {
		const path = `/api/proposals/${site.prepared.sundays}/comments`;
		for (const [text, error] of [
			['   ', 'comment_required'],
			['a'.repeat(1001), 'comment_too_long'],
			['ciao\u202E', 'comment_forbidden_characters']
		] as const)
			expect(await call('POST', path, site.prepared.anna, { text })).toMatchObject({
				status: 400,
				body: { error }
			});
		expect(await call('POST', path, site.prepared.manager, { text: 'Da staff' })).toMatchObject({
			status: 403
		});
		expect(await call('POST', path, null, { text: 'Da fuori' })).toMatchObject({ status: 401 });
		expect((await call('GET', path, null)).body.comments).toEqual([]);
	});

	it('hides a comment with a reason: its author sees why, nobody else gets its text', async () => {
		const path = `/api/proposals/${site.prepared.comics}/comments`;
		const secret = 'Il mio numero è 333 1234567';
		const posted = await call('POST', path, site.prepared.anna, { text: secret });
		const id = posted.body.comment.id as string;
		const kept = await call('POST', path, site.prepared.marco, { text: 'Sì, anche manga!' });
		expect(kept.status).toBe(201);

		const hide = (token: string | null, body: unknown) =>
			call('POST', `${path}/${id}/hide`, token, body);
		expect(await hide(site.prepared.marco, { reason: 'no' })).toMatchObject({ status: 403 });
		expect(await hide(site.prepared.otherFacilitator, { reason: 'no' })).toMatchObject({
			status: 403
		});
		expect(await hide(site.prepared.facilitator, { reason: '  ' })).toMatchObject({
			status: 400,
			body: { error: 'hide_reason_required' }
		});
		const hidden = await hide(site.prepared.facilitator, { reason: 'Contiene dati personali' });
		expect(hidden).toMatchObject({
			status: 200,
			body: { id, hidden: { reason: 'Contiene dati personali' } }
		});
		// Hiding again keeps the first reason: the author was already told.
		expect((await hide(site.prepared.manager, { reason: 'Altro' })).body.hidden.reason).toBe(
			'Contiene dati personali'
		);

		for (const token of [null, site.prepared.marco, site.prepared.otherFacilitator]) {
			const answer = await fetch(`${site.url}${path}`, {
				headers: token ? { cookie: `piazza_session=${token}` } : {}
			});
			const raw = await answer.text();
			expect(raw).not.toContain('333 1234567');
			expect(raw).not.toContain(id);
			expect(raw).toContain('Sì, anche manga!');
		}
		const author = await call('GET', path, site.prepared.anna);
		expect(author.body.comments).toContainEqual(
			expect.objectContaining({
				id,
				text: secret,
				mine: true,
				hidden: expect.objectContaining({ reason: 'Contiene dati personali' })
			})
		);
		const staff = await call('GET', path, site.prepared.facilitator);
		expect(staff.body.moderator).toBe(true);
		expect(staff.body.comments).toHaveLength(2);
	});

	it('slows down a resident who floods comments, and no one else', async () => {
		const path = `/api/proposals/${site.prepared.sundays}/comments`;
		const statuses: number[] = [];
		for (let i = 0; i <= COMMENTS_PER_HOUR; i++)
			statuses.push(
				(await call('POST', path, site.prepared.chatty, { text: `Commento ${i}` })).status
			);
		expect(statuses.slice(0, COMMENTS_PER_HOUR).every((s) => s === 201)).toBe(true);
		const refused = await call('POST', path, site.prepared.chatty, { text: 'Ancora' });
		expect(refused).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
		expect(statuses[COMMENTS_PER_HOUR]).toBe(429);
		expect((await call('POST', path, site.prepared.giulia, { text: 'Io posso' })).status).toBe(201);
	});
});
