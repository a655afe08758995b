import type { DatabaseKind } from '../../src/lib/server/db/client';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { Client } from './http';
import { startSite } from './site';

export const DEMO = {
	admin: 'admin@example.org',
	manager: 'responsabile@example.org',
	facilitator: 'facilitatore@example.org'
} as const;

/** The production server with the demo data on a database of its own (see `startSite`). */
export function startDemoServer(kind: DatabaseKind, env: Record<string, string> = {}) {
	return startSite(kind, { env });
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
