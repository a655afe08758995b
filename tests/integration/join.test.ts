import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participants, residents, sessions } from '../../src/lib/server/db/schema/index';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId, participantToken, staffToken } from '../helpers/workshops';

// Contract (DESIGN.md §4): POST /api/workshops/<code>/join {"name"} → 200 {"participantId",
// "workshopId","role"} + session cookie; unknown code 404, closed 410, bad name 400; JSON errors.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const IT = {
	empty: 'Scrivi un soprannome: non può restare vuoto.',
	notText: "Il soprannome dev'essere un testo, per esempio «Maria».",
	tooLong: 'Il soprannome è troppo lungo: al massimo 40 caratteri.',
	forbidden: /^Il soprannome contiene caratteri non ammessi/
};
const EN = {
	empty: "Please write a nickname: it can't be empty.",
	notText: 'The nickname must be text, for example “Maria”.',
	tooLong: 'That nickname is too long: 40 characters at most.',
	forbidden: /^That nickname contains characters that aren't allowed/
};

function sessionCookie(response: Response): string | undefined {
	return response.headers.getSetCookie().find((line) => line.startsWith('piazza_session='));
}

function join(client: Client, code: string, body: unknown, headers: Record<string, string> = {}) {
	return client.post(`/api/workshops/${encodeURIComponent(code)}/join`, body, headers);
}

describe.each(databaseKinds)('joining a workshop on %s', (kind) => {
	let site: Site<{
		closedId: string;
		draftId: string;
		demoId: string;
		facilitator: string;
		manager: string;
	}>;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => ({
				closedId: await addWorkshop(db, {
					code: 'ENDED2',
					title: 'Un laboratorio di ieri',
					status: 'closed'
				}),
				draftId: await addWorkshop(db, {
					code: 'DRAFT3',
					title: 'Il prossimo laboratorio',
					status: 'draft',
					placeText: 'Mercato comunale di piazza Prealpi'
				}),
				demoId: await demoWorkshopId(db),
				facilitator: await staffToken(db, 'facilitatore@example.org'),
				manager: await staffToken(db, 'responsabile@example.org')
			})
		});
	});
	afterAll(() => site?.stop());

	it('lets a resident in with a nickname: participant, workshop and role, and a session cookie', async () => {
		const client = new Client(site.url);
		const response = await join(client, 'CASA42', { name: 'Maria di Dergano' });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toEqual({
			participantId: expect.stringMatching(UUID),
			workshopId: site.prepared.demoId,
			role: 'participant'
		});
		const cookie = sessionCookie(response);
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/; HttpOnly/i);
		expect(cookie).toMatch(/; SameSite=Lax/i);
		expect(cookie).toMatch(/; Path=\//i);
		expect(cookie).not.toMatch(/; Secure/i); // plain http here; https sets it
		expect(response.headers.get('cache-control')).toBe('no-store');
	});

	it('reads the code without caring about case or spaces', async () => {
		for (const code of ['casa42', 'CaSa42', 'casa 42', 'CAS-A42']) {
			const response = await join(new Client(site.url), code, { name: 'Luca' });
			expect(response.status, code).toBe(200);
			expect((await response.json()).workshopId).toBe(site.prepared.demoId);
		}
	});

	it('lets residents into a workshop that has not started yet', async () => {
		const response = await join(new Client(site.url), 'draft3', { name: 'Anna' });
		expect(response.status).toBe(200);
		expect((await response.json()).workshopId).toBe(site.prepared.draftId);
	});

	it('refuses a bad nickname with 400 bad_name and says exactly what is wrong, in Italian by default', async () => {
		const cases: [unknown, string | RegExp][] = [
			['', IT.empty],
			['    ', IT.empty],
			[undefined, IT.empty],
			[null, IT.empty],
			[42, IT.notText],
			[['x'], IT.notText],
			[{ first: 'Maria' }, IT.notText],
			[true, IT.notText],
			['a'.repeat(41), IT.tooLong],
			['x'.repeat(10_000), IT.tooLong],
			['Maria\u0007', IT.forbidden],
			['Ma\u0000ria', IT.forbidden],
			['Maria\u202Eairam', IT.forbidden],
			['Ma\u200Bria', IT.forbidden]
		];
		for (const [name, message] of cases) {
			const client = new Client(site.url);
			const response = await join(client, 'CASA42', { name });
			expect(response.status, JSON.stringify(name)?.slice(0, 20)).toBe(400);
			const body = await response.json();
			expect(body.error).toBe('bad_name');
			expect(body.message).toMatch(message);
			expect(sessionCookie(response)).toBeUndefined();
		}
	});

	it('keeps the nickname as people see it: NFC, trimmed, inner spaces collapsed', async () => {
		const client = new Client(site.url);
		const { workshopId } = await (
			await join(client, 'CASA42', { name: '  Nicolo\u0300   da  Bovisa ' })
		).json();
		const html = await (await client.fetch(`/room/${workshopId}`)).text();
		expect(html).toContain('Nicol\u00f2 da Bovisa');
	});

	it('explains a bad nickname in English with Accept-Language: en or the piazza_lang=en cookie', async () => {
		const byHeader = await join(
			new Client(site.url),
			'CASA42',
			{ name: 'a'.repeat(41) },
			{ 'accept-language': 'en-GB,en;q=0.9' }
		);
		expect(await byHeader.json()).toEqual({ error: 'bad_name', message: EN.tooLong });

		const withCookie = new Client(site.url);
		withCookie.cookies.set('piazza_lang', 'en');
		const byCookie = await join(withCookie, 'CASA42', { name: '   ' });
		expect(await byCookie.json()).toEqual({ error: 'bad_name', message: EN.empty });

		const rtl = await join(withCookie, 'CASA42', { name: '\u202Enimda' });
		expect((await rtl.json()).message).toMatch(EN.forbidden);

		const list = await join(withCookie, 'CASA42', { name: ['x'] });
		expect(list.status).toBe(400);
		expect(await list.json()).toEqual({ error: 'bad_name', message: EN.notText });
	});

	it('answers 404 unknown_code for a code that does not exist, or cannot be one', async () => {
		for (const code of ['ZZZZZZ', 'nope', 'CASA4', '<script>']) {
			const response = await join(new Client(site.url), code, { name: 'Maria' });
			expect(response.status, code).toBe(404);
			expect(await response.json()).toEqual({
				error: 'unknown_code',
				message: "Non c'è nessun laboratorio con questo codice. Controlla il codice e riprova."
			});
		}
	});

	it('answers 410 workshop_closed for a workshop that has ended', async () => {
		const response = await join(
			new Client(site.url),
			'ended2',
			{ name: 'Maria' },
			{ 'accept-language': 'en' }
		);
		expect(response.status).toBe(410);
		expect(await response.json()).toEqual({
			error: 'workshop_closed',
			message: 'This workshop has ended. You can no longer join it.'
		});
		expect(sessionCookie(response)).toBeUndefined();
	});

	it('answers 400 to a body that is not JSON, or not an object', async () => {
		for (const body of ['{"name":', 'name=Maria', '']) {
			const response = await join(new Client(site.url), 'CASA42', body);
			expect(response.status, body).toBe(400);
			expect((await response.json()).error).toBe('invalid_json');
		}
		for (const body of ['[]', '"Maria"', 'null', '7']) {
			const response = await join(new Client(site.url), 'CASA42', body);
			expect(response.status, body).toBe(400);
			expect(await response.json()).toMatchObject({
				error: 'invalid_request',
				message: expect.any(String)
			});
		}
	});

	it('rejoins with the same session: same participant, new nickname, a new token, the old one refused', async () => {
		const client = new Client(site.url);
		const first = await (await join(client, 'CASA42', { name: 'Giò' })).json();
		const oldToken = client.cookies.get('piazza_session')!;

		const again = await join(client, 'CASA42', { name: 'Giovanna' });
		expect(again.status).toBe(200);
		expect((await again.json()).participantId).toBe(first.participantId);
		const newToken = client.cookies.get('piazza_session')!;
		expect(newToken).not.toBe(oldToken);

		const room = await client.fetch(`/room/${first.workshopId}`);
		expect(room.status).toBe(200);
		expect(await room.text()).toContain('Giovanna');

		const stale = new Client(site.url);
		stale.cookies.set('piazza_session', oldToken);
		expect((await stale.fetch(`/api/workshops/${first.workshopId}`)).status).toBe(403);
	});

	it('keeps one resident across workshops, with a fresh token each time (no session fixation)', async () => {
		const attacker = new Client(site.url);
		await join(attacker, 'CASA42', { name: 'Mallory' });
		const planted = attacker.cookies.get('piazza_session')!;

		// The victim's browser arrives with the attacker's token and joins another workshop.
		const victim = new Client(site.url);
		victim.cookies.set('piazza_session', planted);
		const joined = await join(victim, 'DRAFT3', { name: 'Vittoria' });
		expect(joined.status).toBe(200);
		expect(victim.cookies.get('piazza_session')).not.toBe(planted);

		// The planted token no longer opens anything; the victim's new one opens both workshops.
		expect((await attacker.fetch(`/api/workshops/${site.prepared.draftId}`)).status).toBe(403);
		expect((await attacker.fetch(`/api/workshops/${site.prepared.demoId}`)).status).toBe(403);
		expect((await victim.fetch(`/api/workshops/${site.prepared.draftId}`)).status).toBe(200);
		expect((await victim.fetch(`/api/workshops/${site.prepared.demoId}`)).status).toBe(200);
	});

	it('replaces a made-up session cookie with a real one', async () => {
		const client = new Client(site.url);
		const madeUp = 'abcdefghijkmnpqrstuvwxyz.abcdefghijkmnpqrstuvwxyz';
		client.cookies.set('piazza_session', madeUp);
		const response = await join(client, 'CASA42', { name: 'Piero' });
		expect(response.status).toBe(200);
		expect(client.cookies.get('piazza_session')).toMatch(/^[a-z2-9]{24}\.[a-z2-9]{24}$/);
		expect(client.cookies.get('piazza_session')).not.toBe(madeUp);
	});

	it('answers a burst of joins from one browser (a double tap, many tabs) without a server error', async () => {
		const client = new Client(site.url);
		await join(client, 'CASA42', { name: 'Doppio' });
		const cookie = client.cookies.get('piazza_session')!;
		const responses = await Promise.all(
			Array.from({ length: 12 }, (_, i) => {
				const tab = new Client(site.url);
				tab.cookies.set('piazza_session', cookie);
				return join(tab, 'CASA42', { name: `Doppio ${i}` });
			})
		);
		// A request that arrives after another one rotated the token is a newcomer: the old token
		// is never accepted again. Either way, every answer is a join.
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(await response.json()).toMatchObject({ workshopId: site.prepared.demoId });
		}
	});

	it('lets signed-in staff join under their own account, keeping their staff session', async () => {
		const facilitator = new Client(site.url);
		facilitator.cookies.set('piazza_session', site.prepared.facilitator);
		const asFacilitator = await join(facilitator, 'CASA42', { name: 'Marco (facilitatore)' });
		expect(asFacilitator.status).toBe(200);
		expect(await asFacilitator.json()).toMatchObject({ role: 'facilitator' });
		expect(sessionCookie(asFacilitator)).toBeUndefined();
		expect(facilitator.cookies.get('piazza_session')).toBe(site.prepared.facilitator);

		const manager = new Client(site.url);
		manager.cookies.set('piazza_session', site.prepared.manager);
		const asManager = await (await join(manager, 'CASA42', { name: 'Giulia' })).json();
		expect(asManager).toMatchObject({ role: 'participant' });
		// Rejoining as staff finds the same participant row.
		const again = await join(manager, 'casa42', { name: 'Giulia F.' });
		expect((await again.json()).participantId).toBe(asManager.participantId);
	});
});

describe.each(databaseKinds)('a refused join on %s', (kind) => {
	it('stores nothing: no resident, no participant, no session', async () => {
		const site = await startSite(kind, {
			prepare: (db) => addWorkshop(db, { code: 'ENDED2', title: 'Finito', status: 'closed' })
		});
		try {
			const attempts: [string, unknown][] = [
				['CASA42', { name: '' }],
				['CASA42', { name: 'a'.repeat(41) }],
				['CASA42', { name: 'Ma\u202Eria' }],
				['CASA42', '{"name":'],
				['ZZZZZZ', { name: 'Maria' }],
				['ENDED2', { name: 'Maria' }]
			];
			for (const [code, body] of attempts) {
				const response = await join(new Client(site.url), code, body);
				expect(response.status).toBeGreaterThanOrEqual(400);
			}
			const counts = await site.inspect(async (db) => ({
				residents: (await db.select({ n: count() }).from(residents))[0]!.n,
				participants: (await db.select({ n: count() }).from(participants))[0]!.n,
				sessions: (await db.select({ n: count() }).from(sessions))[0]!.n
			}));
			expect(counts).toEqual({ residents: 0, participants: 0, sessions: 0 });
		} finally {
			await site.stop();
		}
	});
});

const BUSY = {
	it: 'Stanno entrando molte persone insieme. Riprova tra un attimo.',
	en: 'Lots of people are joining at once. Please try again in a moment.'
};

describe.each(databaseKinds)('join rate limits on %s', (kind) => {
	it('refuses an address with 429 once it has guessed wrong too often, and raises the alarm', async () => {
		const site = await startSite(kind, {
			env: { JOIN_FAILURES_PER_ADDRESS: '5', JOIN_FAILURES_PER_NETWORK: '5' }
		});
		try {
			const client = new Client(site.url);
			// Typos in nicknames are not guesses: they never count.
			for (let i = 0; i < 20; i++) {
				expect((await join(client, 'CASA42', { name: '' })).status).toBe(400);
			}
			// Wrong codes count, through the API and through the join page alike.
			for (const code of ['ZZZZZZ', 'ZZZZZ2', 'nope']) {
				expect((await join(client, code, { name: 'Maria' })).status).toBe(404);
			}
			expect((await client.fetch('/j/ZZZZZ3')).status).toBe(404);
			expect((await client.fetch('/j/ZZZZZ4')).status).toBe(404);

			const refused = await join(client, 'ZZZZZ5', { name: 'Maria' });
			expect(refused.status).toBe(429);
			expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(await refused.json()).toMatchObject({
				error: 'rate_limited',
				message: expect.stringMatching(/^Troppi tentativi/)
			});
			// Now every join from it waits, even with a right code that has not joined from it yet,
			// and so does the page.
			expect((await join(client, 'CASA42', { name: 'Maria' })).status).toBe(429);
			expect((await client.fetch('/j/CASA42')).status).toBe(429);
			expect(site.server.output()).toMatch(
				/ALARM: join-code guessing from network 127\.0\.0\.0\/24/
			);
		} finally {
			await site.stop();
		}
	});

	it('caps how many newcomers one workshop takes per minute, says so, and never turns away a rejoin', async () => {
		const site = await startSite(kind, { env: { JOINS_PER_WORKSHOP_PER_MINUTE: '3' } });
		try {
			const first = new Client(site.url);
			expect((await join(first, 'CASA42', { name: 'Uno' })).status).toBe(200);
			expect((await join(new Client(site.url), 'CASA42', { name: 'Due' })).status).toBe(200);
			expect((await join(new Client(site.url), 'CASA42', { name: 'Tre' })).status).toBe(200);
			const fourth = await join(new Client(site.url), 'CASA42', { name: 'Quattro' });
			expect(fourth.status).toBe(429);
			expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
			expect(await fourth.json()).toEqual({ error: 'busy', message: BUSY.it });
			const english = await join(
				new Client(site.url),
				'CASA42',
				{ name: 'Five' },
				{ 'accept-language': 'en' }
			);
			expect(await english.json()).toEqual({ error: 'busy', message: BUSY.en });
			expect((await join(first, 'CASA42', { name: 'Uno bis' })).status).toBe(200);
		} finally {
			await site.stop();
		}
	});

	it('caps the newcomers one address brings to a workshop, so that it cannot lock out everyone else', async () => {
		const site = await startSite(kind, {
			env: {
				ADDRESS_HEADER: 'x-test-client',
				JOINS_PER_WORKSHOP_PER_MINUTE: '4',
				JOINS_PER_WORKSHOP_PER_ADDRESS_PER_MINUTE: '2'
			}
		});
		try {
			const from = (address: string) => new Client(site.url, { 'x-test-client': address });
			const first = from('10.0.0.9');
			expect((await join(first, 'CASA42', { name: 'Uno' })).status).toBe(200);
			expect((await join(from('10.0.0.9'), 'CASA42', { name: 'Due' })).status).toBe(200);
			// That address has brought its share: more newcomers from it wait, through the API…
			for (let i = 0; i < 5; i++) {
				const more = await join(from('10.0.0.9'), 'CASA42', { name: `Altro ${i}` });
				expect(more.status).toBe(429);
				expect(Number(more.headers.get('retry-after'))).toBeGreaterThan(0);
				expect(await more.json()).toEqual({ error: 'busy', message: BUSY.it });
			}
			// …and through the join page, which keeps them on the form with the reason.
			const page = await from('10.0.0.9').postForm('/j/CASA42', { name: 'Dal modulo' });
			expect(page.status).toBe(429);
			expect(await page.text()).toContain(BUSY.it);

			// Its refused newcomers did not spend the workshop's allowance: others still get in.
			expect((await join(from('10.0.7.1'), 'CASA42', { name: 'Tre' })).status).toBe(200);
			expect((await join(from('10.0.8.1'), 'CASA42', { name: 'Quattro' })).status).toBe(200);
			// The workshop's own cap still holds, and a rejoin is never turned away.
			const fifth = await join(from('10.0.9.1'), 'CASA42', { name: 'Cinque' });
			expect(fifth.status).toBe(429);
			expect((await fifth.json()).error).toBe('busy');
			expect((await join(first, 'CASA42', { name: 'Uno bis' })).status).toBe(200);
		} finally {
			await site.stop();
		}
	});
});

describe.each(databaseKinds)('a room of 500 behind one library address on %s', (kind) => {
	let site: Site<{ demoId: string }>;
	// The room's Wi-Fi address, as the proxy in front of Piazza would report it.
	const fromRoom = () => new Client(site.url, { 'x-test-client': '10.0.0.9' });

	beforeAll(async () => {
		site = await startSite(kind, {
			// Default allowances, in a window longer than the test so that none runs out midway.
			env: { ADDRESS_HEADER: 'x-test-client', JOIN_FAILURE_WINDOW_SECONDS: '3600' },
			prepare: async (db) => {
				await addWorkshop(db, { code: 'VERDE7', title: 'Un altro laboratorio', status: 'live' });
				return { demoId: await demoWorkshopId(db) };
			}
		});
	});
	afterAll(() => site?.stop());

	it('lets 500 residents behind one address join within a minute, typos and all', async () => {
		// Default limits: the room's typos must stay well inside them.
		const joined: { status: number; participantId?: string; workshopId?: string }[] = [];
		let next = 0;
		const worker = async () => {
			while (next < 500) {
				const i = next++;
				const client = fromRoom();
				// Every tenth person first mistypes their nickname, one in a hundred the code.
				if (i % 10 === 0) {
					expect((await join(client, 'CASA42', { name: ' ' })).status).toBe(400);
				}
				if (i % 100 === 1) {
					expect((await join(client, 'CASA24', { name: 'Refuso' })).status).toBe(404);
				}
				const response = await join(client, 'casa42', { name: `Persona ${i}` });
				joined.push({ status: response.status, ...(await response.json()) });
			}
		};
		await Promise.all(Array.from({ length: 8 }, worker));
		expect(joined).toHaveLength(500);
		expect(joined.filter((j) => j.status !== 200)).toEqual([]);
		expect(new Set(joined.map((j) => j.participantId)).size).toBe(500);
		expect(joined.every((j) => j.workshopId === site.prepared.demoId)).toBe(true);
	}, 120_000);

	it('still lets the room in with its own code once its typos have used up the address’s failures', async () => {
		// 25 more mistyped codes from the room: with the 5 made while joining, the address has used
		// its 20 failures after 15 of them, and waits.
		const statuses: number[] = [];
		for (let i = 0; i < 25; i++) {
			statuses.push((await join(fromRoom(), 'CASA24', { name: 'Refuso' })).status);
		}
		expect(statuses).toEqual([...Array(15).fill(404), ...Array(10).fill(429)]);

		// Someone arriving late, on a new phone, with the code on the projector gets in…
		const late = await join(fromRoom(), 'CASA42', { name: 'In ritardo' });
		expect(late.status).toBe(200);
		expect((await late.json()).workshopId).toBe(site.prepared.demoId);
		// …and so does someone scanning the QR, through the join page and its form.
		const scanner = fromRoom();
		expect((await scanner.fetch('/j/CASA42')).status).toBe(200);
		const form = await scanner.postForm('/j/CASA42', { name: 'Dal QR' });
		expect(form.status).toBe(303);
		expect(form.headers.get('location')).toBe(`/room/${site.prepared.demoId}`);
	});

	it('keeps refusing that address any code that has not joined from it: no guessing from the room', async () => {
		const unknown = await join(fromRoom(), 'ZZZZZZ', { name: 'Maria' });
		expect(unknown.status).toBe(429);
		expect((await unknown.json()).error).toBe('rate_limited');
		// A real, open workshop that nobody on this address has joined is refused just the same.
		expect((await join(fromRoom(), 'VERDE7', { name: 'Maria' })).status).toBe(429);
		expect((await fromRoom().fetch('/j/VERDE7')).status).toBe(429);
		// Another address on the same network is not held back by this one's typos.
		const neighbour = new Client(site.url, { 'x-test-client': '10.0.0.10' });
		expect((await join(neighbour, 'VERDE7', { name: 'Vicina' })).status).toBe(200);
	});
});

describe.each(databaseKinds)('a participant coming back on %s', (kind) => {
	it('is never counted as a guesser for a workshop they took part in that has since closed', async () => {
		const site = await startSite(kind, {
			env: { JOIN_FAILURES_PER_ADDRESS: '2', JOIN_FAILURES_PER_NETWORK: '2' },
			prepare: async (db) => {
				const closedId = await addWorkshop(db, {
					code: 'ENDED2',
					title: 'Un laboratorio di ieri',
					status: 'closed'
				});
				return { closedId, token: await participantToken(db, closedId, 'Maria') };
			}
		});
		try {
			const { closedId, token } = site.prepared;
			const participant = new Client(site.url, { accept: 'text/html' });
			participant.cookies.set('piazza_session', token);
			// The QR link again and again: the "ended" page with the way to the outcomes, every time.
			for (let i = 0; i < 5; i++) {
				const page = await participant.fetch('/j/ENDED2');
				expect(page.status).toBe(410);
				const html = await page.text();
				expect(html).toContain('Questo laboratorio è finito');
				expect(html).toContain(`href="/w/${closedId}"`);
			}
			// A new nickname from the room of the closed workshop, and the API: refused, not counted.
			for (let i = 0; i < 3; i++) {
				const rename = await participant.postForm(`/room/${closedId}`, { name: 'Maria B.' });
				expect(rename.status).toBe(410);
				const api = await join(participant, 'ENDED2', { name: 'Maria B.' });
				expect(api.status).toBe(410);
				expect((await api.json()).error).toBe('workshop_closed');
			}

			// Eleven refusals, none counted: the address still opens a join page.
			const stranger = new Client(site.url);
			expect((await stranger.fetch('/j/CASA42')).status).toBe(200);
			// Someone who did not take part does count: two tries, then the address waits…
			expect((await stranger.fetch('/j/ENDED2')).status).toBe(410);
			expect((await stranger.fetch('/j/ENDED2')).status).toBe(410);
			expect((await stranger.fetch('/j/ENDED2')).status).toBe(429);
			// …while the participant is still told their workshop has ended.
			expect((await participant.fetch('/j/ENDED2')).status).toBe(410);
		} finally {
			await site.stop();
		}
	});
});
