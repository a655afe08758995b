import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId } from '../helpers/workshops';

// The resident pages as a browser without JavaScript uses them: plain links and form posts.

describe.each(databaseKinds)('the resident pages on %s', (kind) => {
	let site: Site<{ demoId: string; closedId: string }>;
	// A browser asks for HTML; without that, SvelteKit answers form posts with JSON for use:enhance.
	const browser = () => new Client(site.url, { accept: 'text/html,application/xhtml+xml' });

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => ({
				demoId: await demoWorkshopId(db),
				closedId: await addWorkshop(db, {
					code: 'ENDED2',
					title: 'Serata <b>finita</b>',
					status: 'closed'
				})
			})
		});
	});
	afterAll(() => site?.stop());

	it('sends a code typed on the home page, in any case and spacing, to its join page', async () => {
		const response = await browser().postForm('/', { code: ' casa 42 ' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/j/CASA42');
	});

	it('keeps a home-page code that cannot be a code, with the error under the field', async () => {
		const response = await browser().postForm('/', { code: 'ciao"><script>' });
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Questo non sembra un codice');
		expect(html).toContain('value="ciao&quot;>&lt;script>"');
		expect(html).toContain('aria-invalid="true"');
	});

	it('gives the join page one address per code', async () => {
		const response = await browser().fetch('/j/casa42');
		expect(response.status).toBe(308);
		expect(response.headers.get('location')).toBe('/j/CASA42');
	});

	it('shows the join page with the workshop, asking only for a nickname', async () => {
		const response = await browser().fetch('/j/CASA42');
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('La biblioteca che vorrei — serata di quartiere');
		expect(html).toContain('Biblioteca Dergano');
		expect(html).toContain('autocomplete="nickname"');
		expect(html.match(/<input /g)).toHaveLength(1 + 1); // nickname + the language switch's return address
	});

	it('joins through the form, sets the session and lands in the waiting room', async () => {
		const client = browser();
		const response = await client.postForm('/j/CASA42', { name: '<img src=x onerror=alert(1)>' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/room/${site.prepared.demoId}`);
		expect(client.cookies.get('piazza_session')).toBeTruthy();

		const room = await client.fetch(`/room/${site.prepared.demoId}`);
		expect(room.status).toBe(200);
		const html = await room.text();
		// The board itself is drawn in the browser, following the live control document (the
		// resident-live e2e covers it); the server renders the waiting room around it.
		expect(html).toContain('La biblioteca che vorrei — serata di quartiere');
		expect(html).toContain('Benvenute e benvenuti!');
		// Markup in a nickname is shown as text.
		expect(html).toContain('&lt;img src=x onerror=alert(1)>');
		expect(html).not.toContain('<img src=x');

		// The QR again: the same session brings them straight back.
		const again = await client.fetch('/j/CASA42');
		expect(again.status).toBe(303);
		expect(again.headers.get('location')).toBe(`/room/${site.prepared.demoId}`);
	});

	it('explains a bad nickname under the field, keeps it, and again in English after a language switch', async () => {
		const client = browser();
		const typed = 'Maria Grazia della Biblioteca di Dergano!';
		const refused = await client.postForm('/j/CASA42', { name: typed });
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('Il soprannome è troppo lungo: al massimo 40 caratteri.');
		expect(html).toContain(`value="${typed}"`);
		expect(client.cookies.get('piazza_session')).toBeUndefined();

		// The language switch is a full page load: the refused value and its error come back, once.
		const switched = await client.postForm('/language', {
			locale: 'en',
			redirectTo: '/j/CASA42'
		});
		expect(switched.headers.get('location')).toBe('/j/CASA42');
		const english = await (await client.fetch('/j/CASA42')).text();
		expect(english).toContain('That nickname is too long: 40 characters at most.');
		expect(english).toContain(`value="${typed}"`);
		const later = await (await client.fetch('/j/CASA42')).text();
		expect(later).not.toContain('too long');
	});

	it('shows a not-found page for an unknown code that offers to type it again', async () => {
		const response = await browser().fetch('/j/ZZZ999');
		expect(response.status).toBe(404);
		const html = await response.text();
		expect(html).toContain('Codice non trovato');
		expect(html).toContain('action="/"');
		expect(html).toContain('name="code"');
	});

	it('tells that a closed workshop has ended and links to what became of its ideas', async () => {
		const response = await browser().fetch('/j/ENDED2');
		expect(response.status).toBe(410);
		const html = await response.text();
		expect(html).toContain('Questo laboratorio è finito');
		expect(html).toContain(`href="/w/${site.prepared.closedId}"`);
		expect(html).toContain('Serata &lt;b>finita&lt;/b>');
	});

	it('keeps the waiting room for its participants, offering the code field to others', async () => {
		const response = await browser().fetch(`/room/${site.prepared.demoId}`);
		expect(response.status).toBe(403);
		const html = await response.text();
		expect(html).toContain('Non sei ancora in questo laboratorio');
		expect(html).toContain('name="code"');
		expect((await browser().fetch('/room/not-a-uuid')).status).toBe(403);
	});

	it('changes the nickname from the waiting room with a fresh session', async () => {
		const client = browser();
		await client.postForm('/j/CASA42', { name: 'Giò' });
		const before = client.cookies.get('piazza_session');

		const refused = await client.postForm(`/room/${site.prepared.demoId}`, { name: '\u202Eoig' });
		expect(refused.status).toBe(400);
		expect(await refused.text()).toContain('contiene caratteri non ammessi');

		const renamed = await client.postForm(`/room/${site.prepared.demoId}`, { name: 'Giovanna' });
		expect(renamed.status).toBe(200);
		const html = await renamed.text();
		expect(html).toContain('Fatto: adesso il tuo soprannome è «Giovanna».');
		expect(client.cookies.get('piazza_session')).not.toBe(before);
	});
});
