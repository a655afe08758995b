import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { startDemoServer } from '../helpers/staff';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

describe.each(databaseKinds)('the public reference API on %s', (kind) => {
	let server: Server;
	beforeAll(async () => {
		server = await startDemoServer(kind);
	});
	afterAll(() => server?.stop());

	it('lists every branch as {id, slug, name, municipio, retired}, with no sign-in', async () => {
		const response = await fetch(`${server.url}/api/branches`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^application\/json/);
		const branches = (await response.json()) as Record<string, unknown>[];
		expect(branches).toHaveLength(21);
		for (const branch of branches) {
			expect(Object.keys(branch).sort()).toEqual(['id', 'municipio', 'name', 'retired', 'slug']);
		}
		expect(branches).toContainEqual({
			id: expect.stringMatching(/^[0-9a-f-]{36}$/),
			slug: 'dergano',
			name: 'Biblioteca Dergano',
			municipio: 9,
			retired: false
		});
		expect(branches.find((b) => b.slug === 'bibliobus')).toMatchObject({ municipio: null });
	});

	it('lists services as {slug, name} in the language the request asks for', async () => {
		const italian = (await (await fetch(`${server.url}/api/services`)).json()) as Record<
			string,
			unknown
		>[];
		expect(italian).toHaveLength(14);
		for (const service of italian) expect(Object.keys(service).sort()).toEqual(['name', 'slug']);
		expect(italian).toContainEqual({ slug: 'prestito', name: expect.stringMatching(/^Prestito/) });

		const english = (await (
			await fetch(`${server.url}/api/services`, {
				headers: { 'accept-language': 'en-GB,en;q=0.9' }
			})
		).json()) as { slug: string; name: string }[];
		expect(english.map((s) => s.slug).sort()).toEqual(italian.map((s) => s.slug).sort());
		expect(english.find((s) => s.slug === 'prestito')!.name).not.toBe(
			italian.find((s) => s.slug === 'prestito')!.name
		);

		// The language cookie set by the language switch wins over the browser's preference.
		const chosen = (await (
			await fetch(`${server.url}/api/services`, {
				headers: { 'accept-language': 'it', cookie: 'piazza_lang=en' }
			})
		).json()) as { slug: string; name: string }[];
		expect(chosen).toEqual(english);
	});
});
