import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/db';
import { Client } from '../helpers/http';
import { DEMO_PASSWORD } from '../../src/lib/server/demo/seed';
import { DEMO, signedIn, startDemoServer } from '../helpers/staff';

type Server = Awaited<ReturnType<typeof startDemoServer>>;

const COOKIE = 'piazza_session';

/** Creates a staff account through the admin pages, so each test can lock out its own. */
async function createAccount(admin: Client, email: string, password = 'a long enough password') {
	const response = await admin.postForm('/staff/admin/users/new', [
		['name', `Test ${email}`],
		['email', email],
		['role', 'facilitator'],
		['password', password]
	]);
	expect(response.status).toBe(303);
	return password;
}

describe.each(databaseKinds)('staff sign-in on %s', (kind) => {
	let server: Server;
	let admin: Client;

	beforeAll(async () => {
		// A low allowance per account so the lockout is reached quickly; per address it stays high
		// because every test here comes from 127.0.0.1.
		server = await startDemoServer(kind, {
			SIGN_IN_FAILURES_PER_ACCOUNT: '3',
			SIGN_IN_FAILURES_PER_ADDRESS: '1000'
		});
		admin = await signedIn(server.url, DEMO.admin);
	});
	afterAll(() => server?.stop());

	it('signs a member of staff in with 200 {userId, role} and an httpOnly, SameSite=Lax cookie', async () => {
		const response = await fetch(`${server.url}/api/auth/sign-in`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ email: ' Facilitatore@Example.org ', password: DEMO_PASSWORD })
		});
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(Object.keys(body).sort()).toEqual(['role', 'userId']);
		expect(body.role).toBe('facilitator');
		expect(body.userId).toMatch(/^[0-9a-f-]{36}$/);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`))!;
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/;\s*HttpOnly/i);
		expect(cookie).toMatch(/;\s*SameSite=Lax/i);
		expect(cookie).toMatch(/;\s*Path=\//i);
		// Served over plain http here, so the cookie must not be Secure or the browser would drop it.
		expect(cookie).not.toMatch(/;\s*Secure/i);
	});

	it('answers an unknown email, a wrong password and a disabled account with the same 401', async () => {
		const disabledEmail = 'disabled-signin@example.org';
		const password = await createAccount(admin, disabledEmail);
		const page = await admin.fetch('/staff/admin/users');
		const id = new RegExp(
			`/staff/admin/users/([0-9a-f-]{36})"[^>]*>[^<]*<span[^>]*>: Test ${disabledEmail}`
		).exec(await page.text())?.[1];
		expect(id).toBeDefined();
		expect((await admin.postForm(`/staff/admin/users/${id}?/disable`, [])).status).toBe(303);

		const answers = [];
		for (const [email, pw] of [
			['nobody-here@example.org', DEMO_PASSWORD],
			[DEMO.manager, 'not the password'],
			[disabledEmail, password]
		]) {
			const response = await new Client(server.url).post('/api/auth/sign-in', {
				email,
				password: pw
			});
			answers.push({
				status: response.status,
				body: await response.text(),
				cookie: response.headers.getSetCookie().some((c) => /piazza_session=[^;]+\./.test(c))
			});
		}
		expect(answers[0]).toEqual({
			status: 401,
			body: JSON.stringify({
				error: 'invalid_credentials',
				message: 'Email o password non corretti.'
			}),
			cookie: false
		});
		expect(answers[1]).toEqual(answers[0]);
		expect(answers[2]).toEqual(answers[0]);
	});

	it('answers an email holding a NUL or another control character like an unknown one, never 500', async () => {
		const client = new Client(server.url);
		const unknown = await client.post('/api/auth/sign-in', {
			email: 'nobody-at-all@example.org',
			password: 'x'
		});
		const expected = { status: unknown.status, body: await unknown.text() };
		expect(expected.status).toBe(401);
		for (const email of [
			'a\u0000@b.it',
			`${DEMO.facilitator}\u0000`,
			`\u0000${DEMO.facilitator}`,
			'esc\u001b[31m@b.it',
			'\u0000'
		]) {
			// The right password for the account the address almost names must not open it either.
			const response = await client.post('/api/auth/sign-in', { email, password: DEMO_PASSWORD });
			expect(
				{ status: response.status, body: await response.text() },
				JSON.stringify(email)
			).toEqual(expected);
		}
		expect(client.cookies.has(COOKIE)).toBe(false);

		const page = await client.postForm('/staff/sign-in', [
			['email', 'a\u0000@b.it'],
			['password', 'x'],
			['next', '']
		]);
		expect(page.status).toBe(401);
		expect(await page.text()).toContain('Email o password non corretti.');
	});

	it('counts a sign-in with a control character in the email as a failure like any other', async () => {
		const client = new Client(server.url);
		const email = 'guess\u0000@example.org';
		for (let i = 0; i < 3; i++) {
			expect((await client.post('/api/auth/sign-in', { email, password: `p${i}` })).status).toBe(
				401
			);
		}
		expect((await client.post('/api/auth/sign-in', { email, password: 'p3' })).status).toBe(429);
	});

	it('locks an account out of the guessing network after the allowance with a 429 and Retry-After, even for the right password', async () => {
		const email = 'lockout@example.org';
		const password = await createAccount(admin, email);
		const client = new Client(server.url, { 'accept-language': 'en' });
		for (let i = 0; i < 3; i++) {
			expect(
				(await client.post('/api/auth/sign-in', { email, password: `guess ${i}` })).status
			).toBe(401);
		}
		const locked = await client.post('/api/auth/sign-in', { email, password });
		expect(locked.status).toBe(429);
		const retryAfter = Number(locked.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(await locked.json()).toEqual({
			error: 'rate_limited',
			// The default lockout window is 15 minutes, said in minutes.
			message: `Too many attempts. Try again in ${Math.ceil(retryAfter / 60)} minutes.`
		});
		expect(client.cookies.has(COOKIE)).toBe(false);
		// Other accounts are not affected.
		expect(
			(await client.post('/api/auth/sign-in', { email: DEMO.manager, password: DEMO_PASSWORD }))
				.status
		).toBe(200);
	});

	it('forgives an account’s failures once it signs in successfully', async () => {
		const email = 'forgiven@example.org';
		const password = await createAccount(admin, email);
		const client = new Client(server.url);
		for (let round = 0; round < 2; round++) {
			await client.post('/api/auth/sign-in', { email, password: 'wrong one' });
			await client.post('/api/auth/sign-in', { email, password: 'wrong two' });
			expect((await client.post('/api/auth/sign-in', { email, password })).status).toBe(200);
		}
	});

	it('refuses a body that is not {email, password} with a 400 JSON error', async () => {
		const client = new Client(server.url);
		for (const body of [
			'not json',
			'[]',
			'{}',
			JSON.stringify({ email: DEMO.admin, password: 42 })
		]) {
			const response = await client.post('/api/auth/sign-in', body);
			expect(response.status).toBe(400);
			expect(await response.json()).toMatchObject({ error: expect.stringMatching(/^invalid_/) });
		}
	});

	it('makes the old cookie useless after sign-out: the session row is gone (RELIABILITY 26)', async () => {
		const client = await signedIn(server.url, DEMO.facilitator);
		const stolen = client.cookies.get(COOKIE)!;
		expect((await client.fetch('/staff')).status).toBe(200);

		const response = await client.post('/api/auth/sign-out', {});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ ok: true });
		expect(client.cookies.has(COOKIE)).toBe(false);

		const thief = new Client(server.url);
		thief.cookies.set(COOKIE, stolen);
		const replay = await thief.fetch('/staff');
		expect(replay.status).toBe(303);
		expect(replay.headers.get('location')).toBe('/staff/sign-in?next=%2Fstaff');
	});

	it('signs out from the header’s form and lands on the sign-in page', async () => {
		const client = await signedIn(server.url, DEMO.facilitator);
		const old = client.cookies.get(COOKIE)!;
		const response = await client.postForm('/staff/sign-out', []);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/staff/sign-in?signed-out=1');
		const thief = new Client(server.url);
		thief.cookies.set(COOKIE, old);
		expect((await thief.fetch('/staff')).status).toBe(303);
	});

	it('never keeps a cookie value chosen before sign-in (session fixation, RELIABILITY 25)', async () => {
		// A made-up token of the right shape.
		const planted = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
		const victim = new Client(server.url);
		victim.cookies.set(COOKIE, planted);
		await victim.post('/api/auth/sign-in', { email: DEMO.facilitator, password: DEMO_PASSWORD });
		expect(victim.cookies.get(COOKIE)).toBeDefined();
		expect(victim.cookies.get(COOKIE)).not.toBe(planted);

		// The attacker's own, valid session planted in the victim's browser: ended, and replaced.
		const attacker = await signedIn(server.url, DEMO.manager);
		const attackerToken = attacker.cookies.get(COOKIE)!;
		const browser = new Client(server.url);
		browser.cookies.set(COOKIE, attackerToken);
		await browser.post('/api/auth/sign-in', { email: DEMO.facilitator, password: DEMO_PASSWORD });
		expect(browser.cookies.get(COOKIE)).not.toBe(attackerToken);
		expect((await attacker.fetch('/staff')).status).toBe(303);
		expect((await browser.fetch('/staff')).status).toBe(200);
	});

	it('issues a different token at every sign-in', async () => {
		const first = await signedIn(server.url, DEMO.facilitator);
		const second = await signedIn(server.url, DEMO.facilitator);
		expect(first.cookies.get(COOKIE)).not.toBe(second.cookies.get(COOKIE));
	});

	it('keeps the email but not the password on the sign-in page, and explains in the person’s language', async () => {
		for (const [language, message] of [
			['it', 'Email o password non corretti.'],
			['en', 'Wrong email or password.']
		] as const) {
			const client = new Client(server.url, { 'accept-language': language });
			const response = await client.postForm('/staff/sign-in', [
				['email', DEMO.manager],
				['password', 'secret-guess-123'],
				['next', '']
			]);
			expect(response.status).toBe(401);
			const html = await response.text();
			expect(html).toContain(message);
			expect(html).toContain(`value="${DEMO.manager}"`);
			expect(html).not.toContain('secret-guess-123');
		}
	});

	it('says which field is missing on the sign-in page', async () => {
		const response = await new Client(server.url).postForm('/staff/sign-in', [
			['email', ''],
			['password', '']
		]);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Scrivi la tua email.');
		expect(html).toContain('Scrivi la password.');
	});

	it('returns to the page asked for after signing in, but never to another site', async () => {
		for (const [next, target] of [
			['/staff/workshops/new', '/staff/workshops/new'],
			['https://evil.example/phish', '/staff'],
			['//evil.example', '/staff'],
			['', '/staff']
		] as const) {
			const response = await new Client(server.url).postForm('/staff/sign-in', [
				['email', DEMO.manager],
				['password', DEMO_PASSWORD],
				['next', next]
			]);
			expect(response.status).toBe(303);
			expect(response.headers.get('location')).toBe(target);
		}
	});

	it('refuses a sign-in form posted from another site (CSRF check stays on)', async () => {
		const client = new Client(server.url);
		const response = await client.fetch('/staff/sign-in', {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: 'https://evil.example'
			},
			body: new URLSearchParams({ email: DEMO.manager, password: DEMO_PASSWORD }).toString()
		});
		expect(response.status).toBe(403);
		expect(client.cookies.has(COOKIE)).toBe(false);
	});
});

describe.each(databaseKinds)('sign-in failures per address on %s', (kind) => {
	let server: Server;
	beforeAll(async () => {
		server = await startDemoServer(kind, { SIGN_IN_FAILURES_PER_ADDRESS: '4' });
	});
	afterAll(() => server?.stop());

	it('slows down one address guessing across many accounts', async () => {
		const client = new Client(server.url);
		for (let i = 0; i < 4; i++) {
			const response = await client.post('/api/auth/sign-in', {
				email: `someone${i}@example.org`,
				password: 'guess'
			});
			expect(response.status).toBe(401);
		}
		const blocked = await client.post('/api/auth/sign-in', {
			email: DEMO.admin,
			password: DEMO_PASSWORD
		});
		expect(blocked.status).toBe(429);
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
	});
});

describe.each(databaseKinds)('sign-in lockouts per account and network on %s', (kind) => {
	let server: Server;
	let admin: Client;

	/** A browser at `address`: the server reads the client address from this header. */
	const from = (address: string) => new Client(server.url, { 'x-test-client': address });

	beforeAll(async () => {
		server = await startDemoServer(kind, {
			ADDRESS_HEADER: 'x-test-client',
			SIGN_IN_FAILURES_PER_ADDRESS: '1000',
			SIGN_IN_FAILURES_PER_ACCOUNT: '3',
			SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL: '7'
		});
		admin = from('10.200.0.1');
		const response = await admin.post('/api/auth/sign-in', {
			email: DEMO.admin,
			password: DEMO_PASSWORD
		});
		expect(response.status).toBe(200);
	});
	afterAll(() => server?.stop());

	/** Resolves once the server has printed a line matching `pattern` (no waiting on a clock). */
	function printed(pattern: RegExp) {
		return new Promise<void>((resolve) => {
			const check = () => {
				if (!pattern.test(server.server.output())) return false;
				server.server.process.stdout!.off('data', check);
				server.server.process.stderr!.off('data', check);
				resolve();
				return true;
			};
			if (check()) return;
			server.server.process.stdout!.on('data', check);
			server.server.process.stderr!.on('data', check);
		});
	}

	it('lets the owner sign in from elsewhere while a stranger’s network is locked out', async () => {
		const email = 'owner-elsewhere@example.org';
		const password = await createAccount(admin, email);
		const stranger = from('10.0.1.5');
		for (let i = 0; i < 3; i++) {
			expect(
				(await stranger.post('/api/auth/sign-in', { email, password: `guess ${i}` })).status
			).toBe(401);
		}
		// Even the right password is refused to the guessing network, from any address in it.
		const locked = await stranger.post('/api/auth/sign-in', { email, password });
		expect(locked.status).toBe(429);
		expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((await from('10.0.1.77').post('/api/auth/sign-in', { email, password })).status).toBe(
			429
		);
		expect(stranger.cookies.has(COOKIE)).toBe(false);

		const owner = from('10.0.2.8');
		expect((await owner.post('/api/auth/sign-in', { email, password })).status).toBe(200);
		expect((await owner.fetch('/staff')).status).toBe(200);
		// The owner signing in does not lift the stranger's lockout.
		expect((await stranger.post('/api/auth/sign-in', { email, password })).status).toBe(429);
		expect(server.server.output()).not.toContain('ALARM');
	});

	it('refuses the account from everywhere once guessing from many networks reaches the ceiling, with one alarm', async () => {
		const email = 'many-networks@example.org';
		const password = await createAccount(admin, email);
		// Six failures from three networks: under every network's allowance and the ceiling of 7.
		for (const address of ['10.1.1.1', '10.1.2.1', '10.1.3.1']) {
			for (let i = 0; i < 2; i++) {
				expect(
					(await from(address).post('/api/auth/sign-in', { email, password: `guess ${i}` })).status
				).toBe(401);
			}
		}
		expect((await from('10.1.9.1').post('/api/auth/sign-in', { email, password })).status).toBe(
			200
		);
		// The seventh reaches the ceiling: from now on the right password is refused everywhere.
		expect(
			(await from('10.1.4.1').post('/api/auth/sign-in', { email, password: 'guess' })).status
		).toBe(401);
		const alarm = printed(/ALARM: sign-in guessing on account "many-networks@example\.org"/);
		for (const address of ['10.1.9.1', '10.1.10.1', '172.16.0.1']) {
			const refused = await from(address).post('/api/auth/sign-in', { email, password });
			expect(refused.status, address).toBe(429);
			expect((await refused.json()).error).toBe('rate_limited');
		}
		await alarm;
		expect(server.server.output().match(/ALARM: sign-in guessing/g)).toHaveLength(1);
		// Only that account: another signs in from the same networks.
		expect(
			(
				await from('10.1.4.1').post('/api/auth/sign-in', {
					email: DEMO.manager,
					password: DEMO_PASSWORD
				})
			).status
		).toBe(200);
	});
});
