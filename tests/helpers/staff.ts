import { inject } from 'vitest';
import type { DatabaseKind } from '../../src/lib/server/db/client';
import { createPostgresDatabase } from './db';
import { Client } from './http';
import { startServer } from './server';

/** The demo data set's staff password (see src/lib/server/demo/seed.ts). */
export const DEMO_PASSWORD = 'piazza-demo';
export const DEMO = {
	admin: 'admin@example.org',
	manager: 'responsabile@example.org',
	facilitator: 'facilitatore@example.org'
} as const;

/**
 * The production server with the demo data on a database of its own (a PGlite copy of the
 * template, or a fresh PostgreSQL database), and how to stop it and clean up.
 */
export async function startDemoServer(kind: DatabaseKind, env: Record<string, string> = {}) {
	let databaseUrl: string | undefined;
	let drop: (() => Promise<void>) | undefined;
	if (kind === 'postgres') {
		const pg = await createPostgresDatabase();
		databaseUrl = pg.url;
		drop = pg.drop;
	}
	const server = await startServer({
		demo: true,
		databaseUrl,
		templateDir: inject('pgliteTemplateDir'),
		env
	});
	return {
		url: server.url,
		server,
		async stop() {
			await server.stop();
			await drop?.();
		}
	};
}

/** A browser signed in through the JSON API, and who it is signed in as. */
export async function signInAs(baseUrl: string, email: string, password = DEMO_PASSWORD) {
	const client = new Client(baseUrl);
	const response = await client.post('/api/auth/sign-in', { email, password });
	if (response.status !== 200) {
		throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
	}
	const { userId } = (await response.json()) as { userId: string };
	return { client, userId };
}

/** A browser signed in through the JSON API. */
export async function signedIn(baseUrl: string, email: string, password = DEMO_PASSWORD) {
	return (await signInAs(baseUrl, email, password)).client;
}

/**
 * POSTs an HTML form as a browser without JavaScript does: fields may repeat (checkboxes), so they
 * are [name, value] pairs, and it asks for HTML. SvelteKit answers a form action with JSON when the
 * request prefers it (fetch's default Accept, any type, counts as preferring it), and with a 303 or
 * the page otherwise.
 */
export function submitForm(client: Client, pathname: string, fields: [string, string][]) {
	return client.fetch(pathname, {
		method: 'POST',
		headers: {
			'content-type': 'application/x-www-form-urlencoded',
			accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
		},
		body: new URLSearchParams(fields).toString()
	});
}

/** The ids of the branches, by slug, from the public API. */
export async function branchIds(baseUrl: string): Promise<Record<string, string>> {
	const list = (await (await fetch(`${baseUrl}/api/branches`)).json()) as {
		id: string;
		slug: string;
	}[];
	return Object.fromEntries(list.map((b) => [b.slug, b.id]));
}

/** The HTML-escaped form of a text, as Svelte writes it into a page. */
export function escaped(text: string) {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
