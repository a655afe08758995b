import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { DEMO, signedIn, startDemoServer } from '../helpers/staff';

// Which language a page speaks: the person's choice (the piazza_lang cookie), else the browser's
// (Accept-Language), else Italian; staff pages only in Italian or English.

type Server = Awaited<ReturnType<typeof startDemoServer>>;

const htmlTag = (html: string) => /<html[^>]*>/.exec(html)?.[0] ?? '';
const switchChoices = (html: string) =>
	[...html.matchAll(/<button[^>]*name="locale"[^>]*value="([a-z]+)"[^>]*lang="([a-z]+)"/g)].map(
		([, value, lang]) => `${value}:${lang}`
	);

// The language never touches the database: one kind is enough.
describe.each(databaseKinds.slice(0, 1))('the language of each page on %s', (kind) => {
	let server: Server;
	const page = async (pathname: string, headers: Record<string, string>) =>
		(await new Client(server.url, headers).fetch(pathname)).text();

	beforeAll(async () => {
		server = await startDemoServer(kind);
	});
	afterAll(() => server?.stop());

	it.each([
		['es-ES,es;q=0.9', 'es', 'ltr', 'Únete a un taller'],
		['ar-EG,ar;q=0.9,en;q=0.5', 'ar', 'rtl', 'ادخل إلى ورشة'],
		['zh-CN,zh;q=0.9', 'zh', 'ltr', '进入工作坊'],
		['zh-Hans', 'zh', 'ltr', '进入工作坊'],
		['en-GB,en;q=0.9', 'en', 'ltr', 'Join a workshop'],
		['de-DE,de;q=0.9', 'it', 'ltr', 'Entra in un laboratorio'],
		['', 'it', 'ltr', 'Entra in un laboratorio']
	])('follows Accept-Language “%s” on a first visit: %s', async (accept, lang, dir, title) => {
		const html = await page('/', accept ? { 'accept-language': accept } : {});
		expect(htmlTag(html)).toBe(`<html lang="${lang}" dir="${dir}">`);
		expect(html).toContain(title);
	});

	it('keeps the choice made with the switch over what the browser says', async () => {
		const client = new Client(server.url, {
			'accept-language': 'es-ES',
			accept: 'text/html'
		});
		const switched = await client.postForm('/language', { locale: 'ar', redirectTo: '/j/CASA42' });
		expect(switched.status).toBe(303);
		expect(switched.headers.get('location')).toBe('/j/CASA42');
		expect(client.cookies.get('piazza_lang')).toBe('ar');
		expect(htmlTag(await (await client.fetch('/le-mie-idee')).text())).toBe(
			'<html lang="ar" dir="rtl">'
		);
	});

	it('ignores a language it does not have, and keeps the previous choice', async () => {
		const client = new Client(server.url, { accept: 'text/html' });
		client.cookies.set('piazza_lang', 'es');
		const refused = await client.postForm('/language', { locale: 'xx', redirectTo: '/' });
		expect(refused.status).toBe(303);
		expect(client.cookies.get('piazza_lang')).toBe('es');
		expect(htmlTag(await (await client.fetch('/')).text())).toBe('<html lang="es" dir="ltr">');
	});

	it('offers five languages on resident pages, each named in itself', async () => {
		const html = await page('/', { cookie: 'piazza_lang=zh' });
		expect(switchChoices(html)).toEqual(['it:it', 'en:en', 'es:es', 'ar:ar', 'zh:zh']);
		for (const name of ['Italiano', 'English', 'Español', 'العربية', '中文']) {
			expect(html).toContain(`>${name}`);
		}
	});

	it('shows staff pages in English to someone who chose Spanish, Arabic or Chinese', async () => {
		for (const chosen of ['es', 'ar', 'zh']) {
			const html = await page('/staff/sign-in', { cookie: `piazza_lang=${chosen}` });
			expect(htmlTag(html)).toBe('<html lang="en" dir="ltr">');
			expect(html).toContain('Sign in');
			expect(switchChoices(html)).toEqual(['it:it', 'en:en']);
		}
		const italian = await page('/staff/sign-in', { 'accept-language': 'it-IT' });
		expect(htmlTag(italian)).toBe('<html lang="it" dir="ltr">');
	});

	it('shows a signed-in staff page in English, with no message missing, to a Chinese reader', async () => {
		const staff = await signedIn(server.url, DEMO.facilitator);
		staff.cookies.set('piazza_lang', 'zh');
		const response = await staff.fetch('/staff');
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(htmlTag(html)).toBe('<html lang="en" dir="ltr">');
		expect(html).not.toMatch(/[\u4e00-\u9fff]/); // no Chinese…
		expect(html).not.toContain('Accedi'); // …and no Italian fallback either
	});

	it('answers an API call in the language of the page that made it', async () => {
		const missing = '/api/proposals/00000000-0000-4000-8000-000000000000';
		const client = new Client(server.url, { cookie: 'piazza_lang=ar' });
		const fromResidentPage = await client.fetch(missing, {
			headers: { referer: `${server.url}/p/00000000-0000-4000-8000-000000000000` }
		});
		expect(fromResidentPage.status).toBe(404);
		expect(((await fromResidentPage.json()) as { message: string }).message).toBe(
			'هذا المقترح غير موجود.'
		);
		const fromStaffPage = await client.fetch(missing, {
			headers: { referer: `${server.url}/staff/proposals` }
		});
		expect(((await fromStaffPage.json()) as { message: string }).message).toBe(
			'This proposal does not exist.'
		);
	});
});
