import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { addWorkshop, demoWorkshopId } from '../helpers/workshops';

describe.each(databaseKinds)('public pages and API edges on %s', (kind) => {
	let site: Site<{ demoId: string; closedId: string }>;

	beforeAll(async () => {
		site = await startSite(kind, {
			prepare: async (db) => ({
				demoId: await demoWorkshopId(db),
				closedId: await addWorkshop(db, {
					code: 'FESTA7',
					title: 'Serata <b>conclusa</b>',
					status: 'closed',
					placeText: 'Mercato comunale di via Crespi'
				})
			})
		});
		for (const name of ['Ada', 'Bruno']) {
			await new Client(site.url).post('/api/workshops/CASA42/join', { name });
		}
	});
	afterAll(() => site?.stop());

	it('shows anyone what a workshop was, with its participation figure and no personal data', async () => {
		const response = await fetch(`${site.url}/w/${site.prepared.demoId}`);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('La biblioteca che vorrei — serata di quartiere');
		expect(html).toContain('Biblioteca Dergano');
		expect(html).toMatch(/<strong[^>]*>2<\/strong>\s*<span>persone hanno partecipato<\/span>/);
		expect(html).not.toContain('Ada');
		expect(html).not.toContain('CASA42');
		expect(html).not.toContain('Benvenute e benvenuti');
	});

	it('shows the page of an ended workshop in English, its title as text', async () => {
		const response = await fetch(`${site.url}/w/${site.prepared.closedId}`, {
			headers: { 'accept-language': 'en' }
		});
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('Serata &lt;b>conclusa&lt;/b>');
		expect(html).toContain('Ended');
		expect(html).toContain('Mercato comunale di via Crespi');
		expect(html).toMatch(/<strong[^>]*>0<\/strong>\s*<span>people took part<\/span>/);
	});

	it('answers 404 for an unknown or malformed workshop id', async () => {
		for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', "1' or '1'='1"]) {
			expect((await fetch(`${site.url}/w/${encodeURIComponent(id)}`)).status, id).toBe(404);
		}
	});

	it('answers JSON for an unknown API address, whatever the method', async () => {
		for (const method of ['GET', 'POST', 'DELETE']) {
			const response = await fetch(`${site.url}/api/nope/at/all`, { method });
			expect(response.status, method).toBe(404);
			expect(await response.json()).toEqual({ error: 'not_found', message: 'Non trovato.' });
		}
	});

	it('refuses an API write from another site, and leaves the session alone', async () => {
		const browser = new Client(site.url);
		expect((await browser.post('/api/workshops/CASA42/join', { name: 'Carla' })).status).toBe(200);
		const attack = await browser.fetch('/api/auth/sign-out', {
			method: 'POST',
			headers: { origin: 'https://evil.example', 'accept-language': 'en' }
		});
		expect(attack.status).toBe(403);
		expect(await attack.json()).toEqual({
			error: 'cross_site',
			message: 'This request comes from another website, so we do not accept it.'
		});
		const room = await browser.fetch(`/api/workshops/${site.prepared.demoId}`);
		expect(room.status).toBe(200);
	});

	it('answers a wrong method on the API in JSON, keeping Allow', async () => {
		const response = await fetch(`${site.url}/api/branches`, { method: 'DELETE' });
		expect(response.status).toBe(405);
		expect(response.headers.get('allow')).toContain('GET');
		expect(await response.json()).toEqual({
			error: 'method_not_allowed',
			message: 'Questo indirizzo non accetta questo tipo di richiesta.'
		});
	});

	it('refuses an oversized JSON body with 413 before reading it as JSON', async () => {
		const response = await new Client(site.url).post('/api/workshops/CASA42/join', {
			name: 'x'.repeat(70_000)
		});
		expect(response.status).toBe(413);
		expect((await response.json()).error).toBe('payload_too_large');
	});

	it('answers an unreadable form body with 400, on pages and on the API', async () => {
		const broken = {
			method: 'POST',
			headers: { 'content-type': 'multipart/form-data; boundary=x', origin: site.url },
			body: 'garbage'
		};
		expect((await fetch(`${site.url}/`, broken)).status).toBe(400);
		expect((await fetch(`${site.url}/language`, broken)).status).toBe(400);
		const api = await fetch(`${site.url}/api/auth/sign-out`, broken);
		expect(api.status).toBe(400);
		expect((await api.json()).error).toBe('invalid_request');
	});

	it('switches language only from a form, and never redirects off a plain path', async () => {
		const json = await fetch(`${site.url}/language`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: site.url },
			body: '{"locale":"en"}'
		});
		expect(json.status).toBe(400);
		const browser = new Client(site.url);
		const odd = await browser.postForm('/language', { locale: 'en', redirectTo: '/€' });
		expect(odd.status).toBe(303);
		expect(odd.headers.get('location')).toBe('/');
		expect(browser.cookies.get('piazza_lang')).toBe('en');
	});
});
