import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { verifyPassword } from '../../src/lib/server/auth/passwords';
import { openPglite, openPostgres } from '../../src/lib/server/db/client';
import type { DatabaseHandle } from '../../src/lib/server/db/client';
import * as users from '../../src/lib/server/staff/users';
import { createPostgresDatabase, databaseKinds } from '../helpers/db';

describe.each(databaseKinds)('npm run cli on %s', (kind) => {
	let env: Record<string, string>;
	let cleanup: () => Promise<void>;
	let open: () => Promise<DatabaseHandle>;

	let dataDir: string | undefined;

	beforeAll(async () => {
		if (kind === 'postgres') {
			const pg = await createPostgresDatabase();
			env = { DATABASE_URL: pg.url };
			cleanup = pg.drop;
			open = async () => openPostgres(pg.url, { max: 1 });
		} else {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-cli-'));
			dataDir = dir;
			fs.cpSync(inject('pgliteTemplateDir'), dir, { recursive: true });
			env = { DATA_DIR: dir };
			cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
			open = () => openPglite({ dataDir: path.join(dir, 'pglite') });
		}
	});
	afterAll(() => cleanup());

	function cli(...args: string[]) {
		return spawnSync(process.execPath, ['build/cli.js', ...args], {
			env: { PATH: process.env.PATH, ...env },
			encoding: 'utf8',
			timeout: 60_000
		});
	}

	it('creates a staff user who can sign in with the given password', async () => {
		const result = cli(
			'user:create',
			'--email',
			'Nuova@Example.org',
			'--role',
			'manager',
			'--password',
			'una password lunga'
		);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		expect(result.stdout).toContain('Created manager Nuova@Example.org');
		const handle = await open();
		try {
			const user = await users.findForSignIn(handle.db, 'nuova@example.org');
			expect(user?.role).toBe('manager');
			expect(await verifyPassword(user!.passwordHash, 'una password lunga')).toBe(true);
		} finally {
			await handle.close();
		}
	});

	it('generates and prints a password when none is given', () => {
		const result = cli('user:create', '--email', 'gen@example.org', '--role', 'facilitator');
		expect(result.status).toBe(0);
		expect(result.stdout).toMatch(/Password: \S{16}/);
	});

	it('refuses a duplicate email, an unknown role and a short password, with a sentence', () => {
		const duplicate = cli(
			'user:create',
			'--email',
			'nuova@example.org',
			'--role',
			'admin',
			'--password',
			'una password lunga'
		);
		expect(duplicate.status).toBe(1);
		expect(duplicate.stderr).toContain('already exists');
		const role = cli('user:create', '--email', 'x@example.org', '--role', 'king');
		expect(role.status).toBe(1);
		expect(role.stderr).toContain('--role must be one of admin, manager, facilitator');
		const short = cli(
			'user:create',
			'--email',
			'y@example.org',
			'--role',
			'admin',
			'--password',
			'short'
		);
		expect(short.status).toBe(1);
		expect(short.stderr).toContain('at least 10 characters');
	});

	it('seeds the demo data once and leaves it alone the second time', () => {
		const first = cli('demo:seed');
		expect(first.status).toBe(0);
		expect(first.stdout).toContain('Demo data created.');
		const second = cli('demo:seed');
		expect(second.status).toBe(0);
		expect(second.stdout).toContain('Demo data already present: left unchanged.');
	});

	it('answers an unknown or incomplete option with one line and the help, not a stack trace', () => {
		for (const [args, line] of [
			[
				['user:create', '--rol', 'admin', '--email', 'x@example.org'],
				'Error: unknown option --rol.'
			],
			[['user:password', '--email'], "Error: Option '--email <value>' argument missing."],
			[['db:migrate', 'now'], "Error: Unexpected argument 'now'."]
		] as const) {
			const result = cli(...args);
			expect(result.status, args.join(' ')).toBe(1);
			expect(result.stderr).toContain(line);
			expect(result.stderr).toContain('npm run cli -- user:create --email <email>');
			expect(result.stderr).not.toMatch(/^\s+at /m);
			expect(result.stdout).toBe('');
		}
	});

	it('names every problem of a refused account in one line', () => {
		const result = cli(
			'user:create',
			'--email',
			'ok@example.org',
			'--role',
			'admin',
			'--name',
			'Riga\nspezzata',
			'--password',
			'short'
		);
		expect(result.status).toBe(1);
		expect(result.stderr.trim()).toBe(
			'Error: the name must not hold line breaks, control or invisible characters; ' +
				'the password must be at least 10 characters.'
		);
	});

	it.runIf(kind === 'pglite')(
		'closes the database and releases the data folder when a command fails midway',
		() => {
			const lock = path.join(dataDir!, 'piazza.lock');
			for (const args of [
				[
					'user:create',
					'--email',
					'nuova@example.org',
					'--role',
					'admin',
					'--password',
					'una password lunga'
				],
				['user:password', '--email', 'nessuno@example.org', '--password', 'una password lunga']
			]) {
				const result = cli(...args);
				expect(result.status, args[0]).toBe(1);
				expect(result.stderr).toMatch(/^Error: (an account with that email|no account with email)/);
				expect(fs.existsSync(lock), args[0]).toBe(false);
			}
		}
	);

	it('says what to do on an unknown command', () => {
		const result = cli('frobnicate');
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('unknown command "frobnicate"');
		expect(result.stderr).toContain('user:create');
	});
});
