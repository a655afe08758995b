import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInAudit } from '../../src/lib/server/db/schema/index';
import * as users from '../../src/lib/server/staff/users';
import { demoBoards } from '../helpers/collab';
import { openRaw } from '../helpers/collab-raw';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { startSite } from '../helpers/site';
import type { Site } from '../helpers/site';
import { DEMO, signInAs } from '../helpers/staff';
import { demoWorkshopId } from '../helpers/workshops';

/**
 * Sessions revoked (issue 8): a password change (one's own on "My account", or an admin's reset)
 * ends every other session of the account, an admin can end them all from the admin page, and the
 * live boards those sessions hold close with 4401 at once. Staff sign-in failures and lockouts are
 * audited, shown to admins, and pruned. All through the real server.
 *
 * Open sockets are re-checked only every ten minutes here (COLLAB_RECHECK_MS), far beyond a test:
 * a socket that closes did so because its session was ended, not because its re-check came round.
 */

const PASSWORD = 'una password lunga';
const NEW_PASSWORD = 'una password nuova e lunga';

interface Prepared {
	board: string;
	ids: Record<'changes' | 'forgets' | 'revoked' | 'reset' | 'target', string>;
}

const emails = {
	changes: 'cambia@example.org',
	forgets: 'dimentica@example.org',
	revoked: 'revocata@example.org',
	reset: 'reimpostata@example.org',
	target: 'bersaglio@example.org'
} as const;

describe.each(databaseKinds)('session revocation and the sign-in audit on %s', (kind) => {
	let site: Site<Prepared>;
	let admin: Client;

	beforeAll(async () => {
		site = await startSite<Prepared>(kind, {
			env: { COLLAB_RECHECK_MS: '600000', SIGN_IN_FAILURES_PER_ACCOUNT: '3' },
			prepare: async (db) => {
				const ids = {} as Prepared['ids'];
				for (const [key, email] of Object.entries(emails)) {
					const created = await users.create(db, {
						name: `Persona ${key}`,
						email,
						role: 'manager',
						password: PASSWORD
					});
					if (!created.ok) throw new Error(JSON.stringify(created.errors));
					ids[key as keyof typeof emails] = created.id;
				}
				// An entry past SIGN_IN_AUDIT_DAYS (90), pruned when the server starts.
				await db.insert(signInAudit).values({
					at: sql`now() - interval '91 days'`,
					emailTried: 'antica@example.org',
					address: '192.0.2.1',
					outcome: 'failed'
				});
				const { open } = await demoBoards(db, await demoWorkshopId(db));
				return { board: `board:${open}`, ids };
			}
		});
		admin = (await signInAs(site.url, DEMO.admin)).client;
	});
	afterAll(() => site?.stop());

	const token = (client: Client) => client.cookies.get('piazza_session')!;
	const signedIn = async (client: Client) => (await client.fetch('/staff')).status === 200;
	const signInWorks = async (email: string, password: string) =>
		(await new Client(site.url).post('/api/auth/sign-in', { email, password })).status === 200;

	it('ends every other session of a staff member who changes their password, and closes their open boards with 4401', async () => {
		const here = (await signInAs(site.url, emails.changes, PASSWORD)).client;
		const phone = (await signInAs(site.url, emails.changes, PASSWORD)).client;
		const before = token(here);
		const board = await openRaw(site.url, site.prepared.board, token(phone));
		expect(board.isOpen()).toBe(true);

		const page = await here.fetch('/staff/account');
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Cambia la tua password');
		const changed = await here.postForm('/staff/account?/password', {
			current: PASSWORD,
			password: NEW_PASSWORD
		});
		expect(changed.status).toBe(303);
		expect(changed.headers.get('location')).toBe('/staff/account?changed=1');

		expect(await board.closed).toMatchObject({ code: 4401 });
		expect(await signedIn(phone)).toBe(false);
		// This browser stays signed in, on a new token: the old one is refused like any other.
		expect(token(here)).not.toBe(before);
		expect(await signedIn(here)).toBe(true);
		const stale = new Client(site.url);
		stale.cookies.set('piazza_session', before);
		expect(await signedIn(stale)).toBe(false);
		expect(await (await here.fetch('/staff/account?changed=1')).text()).toContain(
			'Le tue sessioni sugli altri dispositivi sono state chiuse'
		);
		expect(await signInWorks(emails.changes, PASSWORD)).toBe(false);
		expect(await signInWorks(emails.changes, NEW_PASSWORD)).toBe(true);
	});

	it('refuses a wrong current password or a short new one, says which, and changes nothing', async () => {
		const here = (await signInAs(site.url, emails.forgets, PASSWORD)).client;
		const elsewhere = (await signInAs(site.url, emails.forgets, PASSWORD)).client;
		const wrong = await here.postForm('/staff/account?/password', {
			current: 'non è questa',
			password: NEW_PASSWORD
		});
		expect(wrong.status).toBe(400);
		expect(await wrong.text()).toContain('La password attuale non è corretta.');
		const short = await here.postForm('/staff/account?/password', {
			current: PASSWORD,
			password: 'corta'
		});
		expect(short.status).toBe(400);
		expect(await short.text()).toContain('La password deve avere almeno 10 caratteri.');
		expect(await signedIn(elsewhere)).toBe(true);
		expect(await signInWorks(emails.forgets, PASSWORD)).toBe(true);
	});

	it('lets an admin end every session of an account from its page, closing its boards with 4401', async () => {
		const laptop = (await signInAs(site.url, emails.revoked, PASSWORD)).client;
		const board = await openRaw(site.url, site.prepared.board, token(laptop));
		const page = await admin.fetch(`/staff/admin/users/${site.prepared.ids.revoked}`);
		expect(await page.text()).toContain('Chiudi tutte le sessioni');

		const ended = await admin.postForm(
			`/staff/admin/users/${site.prepared.ids.revoked}?/sessions`,
			{}
		);
		expect(ended.status).toBe(303);
		expect(ended.headers.get('location')).toMatch(/\?ended=1$/);
		expect(await board.closed).toMatchObject({ code: 4401 });
		expect(await signedIn(laptop)).toBe(false);
		// Ending sessions is not disabling: the person signs in again.
		expect(await signInWorks(emails.revoked, PASSWORD)).toBe(true);
	});

	it('keeps the admin’s own session when they end their other ones', async () => {
		const { client: otherDevice, userId: me } = await signInAs(site.url, DEMO.admin);
		const ended = await admin.postForm(`/staff/admin/users/${me}?/sessions`, {});
		expect(ended.status).toBe(303);
		expect(await signedIn(otherDevice)).toBe(false);
		expect(await signedIn(admin)).toBe(true);
	});

	it('lets an admin set a new password for an account, which ends its sessions, but not their own', async () => {
		const phone = (await signInAs(site.url, emails.reset, PASSWORD)).client;
		const board = await openRaw(site.url, site.prepared.board, token(phone));
		const path = `/staff/admin/users/${site.prepared.ids.reset}`;
		const short = await admin.postForm(`${path}?/password`, { password: 'corta' });
		expect(short.status).toBe(400);
		expect(await signedIn(phone)).toBe(true);

		const reset = await admin.postForm(`${path}?/password`, { password: NEW_PASSWORD });
		expect(reset.status).toBe(303);
		expect(await board.closed).toMatchObject({ code: 4401 });
		expect(await signedIn(phone)).toBe(false);
		expect(await signInWorks(emails.reset, NEW_PASSWORD)).toBe(true);

		const me = (await signInAs(site.url, DEMO.admin)).userId;
		const own = await admin.postForm(`/staff/admin/users/${me}?/password`, {
			password: NEW_PASSWORD
		});
		expect(own.status).toBe(400);
		expect(await signInWorks(DEMO.admin, 'piazza-demo')).toBe(true);
	});

	it('records failed sign-ins and the lockout, never a password, and shows the latest to admins', async () => {
		const attempt = (password: string) =>
			new Client(site.url).post('/api/auth/sign-in', { email: emails.target, password });
		for (let i = 1; i <= 3; i++) expect((await attempt(`sbagliata-${i}`)).status).toBe(401);
		const locked = await attempt(PASSWORD);
		expect(locked.status).toBe(429);
		expect(((await locked.json()) as { message: string }).message).toMatch(
			/^Troppi tentativi\. Riprova tra 15 minuti\.$/
		);
		expect(
			(
				await new Client(site.url).post('/api/auth/sign-in', {
					email: 'nessuno@example.org',
					password: 'sbagliata-0'
				})
			).status
		).toBe(401);

		const page = await (await admin.fetch('/staff/admin/users')).text();
		const audit = page.slice(page.indexOf('Accessi non riusciti'));
		expect(audit).toContain('bersaglio@example.org');
		expect(audit).toContain('(Persona target)');
		expect(audit).toContain('nessuno@example.org');
		expect(audit).toContain('Credenziali errate');
		expect(audit).toContain('Bloccato: troppi tentativi');
		expect(audit).toContain('Rifiutato durante il blocco');
		expect(audit).toContain('127.0.0.1');
		expect(page).not.toContain('sbagliata-');
		// The entry older than SIGN_IN_AUDIT_DAYS was pruned when the server started.
		expect(page).not.toContain('antica@example.org');

		const rows = await site.inspect((db) =>
			db
				.select({ email: signInAudit.emailTried, outcome: signInAudit.outcome })
				.from(signInAudit)
				.orderBy(signInAudit.at)
		);
		expect(rows.filter((r) => r.email === emails.target).map((r) => r.outcome)).toEqual([
			'failed',
			'failed',
			'locked-out',
			'refused-locked'
		]);
		expect(JSON.stringify(rows)).not.toContain('sbagliata');
	});
});
