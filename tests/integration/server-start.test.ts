import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { openPglite } from '../../src/lib/server/db/client';
import { createPostgresDatabase, databaseKinds } from '../helpers/db';
import { startServer } from '../helpers/server';

function tempDir() {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'piazza-start-'));
}

async function countRows(dataDir: string) {
	const pg = await openPglite({ dataDir: path.join(dataDir, 'pglite') });
	try {
		const { rows } = await pg.client.query<{ table: string; n: number }>(`
			select 'users' as table, count(*)::int as n from users union all
			select 'workshops', count(*)::int from workshops union all
			select 'boards', count(*)::int from boards union all
			select 'branches', count(*)::int from branches union all
			select 'services', count(*)::int from services`);
		return Object.fromEntries(rows.map((r) => [r.table, r.n]));
	} finally {
		await pg.close();
	}
}

describe.each(databaseKinds)('the production server on %s', (kind) => {
	const cleanups: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const c of cleanups.reverse()) await c();
	});

	it('answers /healthz with the database it runs on', async () => {
		let databaseUrl: string | undefined;
		if (kind === 'postgres') {
			const pg = await createPostgresDatabase();
			cleanups.push(pg.drop);
			databaseUrl = pg.url;
		}
		const server = await startServer({ databaseUrl, templateDir: inject('pgliteTemplateDir') });
		cleanups.push(server.stop);
		const response = await fetch(`${server.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toMatchObject({ ok: true, db: kind });
	});
});

describe('the embedded data folder', () => {
	it('is created on first start, and a second demo start changes nothing', async () => {
		const dataDir = path.join(tempDir(), 'fresh', 'data');
		const first = await startServer({ dataDir, demo: true });
		expect(first.output()).toContain('Demo data created.');
		await first.stop();
		const before = await countRows(dataDir);
		// The bare demo (1 workshop, 2 boards) and its year of history (10 workshops, 12 boards).
		expect(before).toMatchObject({
			users: 3,
			workshops: 11,
			boards: 14,
			branches: 21,
			services: 14
		});

		const second = await startServer({ dataDir, demo: true });
		expect(second.output()).toContain('Demo data already present: left unchanged.');
		await second.stop();
		expect(await countRows(dataDir)).toEqual(before);
	});

	it('refuses a second process on the same folder, with a sentence saying why', async () => {
		const dataDir = tempDir();
		fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
		const first = await startServer({ dataDir });
		try {
			const second = spawnSync(process.execPath, ['build/server.js'], {
				env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
				encoding: 'utf8',
				timeout: 30_000
			});
			expect(second.status).toBe(1);
			expect(second.stderr).toContain('in use by another Piazza process');
			expect(second.stderr).not.toMatch(/\n\s+at /); // no stack trace
			expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
		} finally {
			await first.stop();
		}
	});

	it('says clearly when the folder is not a database', () => {
		const dataDir = tempDir();
		fs.mkdirSync(path.join(dataDir, 'pglite'));
		fs.writeFileSync(path.join(dataDir, 'pglite', 'notes.txt'), 'not a database');
		const result = spawnSync(process.execPath, ['build/server.js'], {
			env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
			encoding: 'utf8',
			timeout: 30_000
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('is not a Piazza database');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('says clearly when the database files are damaged', () => {
		const dataDir = tempDir();
		fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
		const control = path.join(dataDir, 'pglite', 'global', 'pg_control');
		fs.writeFileSync(control, Buffer.alloc(fs.statSync(control).size, 0xff));
		const result = spawnSync(process.execPath, ['build/server.js'], {
			env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toContain('could not be opened');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('says clearly when the tables themselves are damaged', () => {
		const dataDir = tempDir();
		fs.cpSync(inject('pgliteTemplateDir'), dataDir, { recursive: true });
		const base = path.join(dataDir, 'pglite', 'base');
		// Scribble over every relation file of the Piazza database (the largest OID folder).
		const db = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a))[0]!;
		for (const file of fs.readdirSync(path.join(base, db))) {
			const target = path.join(base, db, file);
			if (/^\d+$/.test(file) && fs.statSync(target).size >= 8192) {
				fs.writeFileSync(target, Buffer.alloc(fs.statSync(target).size, 0x5a));
			}
		}
		const result = spawnSync(process.execPath, ['build/server.js'], {
			env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' },
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/could not be (opened|prepared)/);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});

describe('an unreachable PostgreSQL', () => {
	it('is named in one sentence with the server’s own reason', () => {
		const refused = spawnSync(process.execPath, ['build/server.js'], {
			env: {
				PATH: process.env.PATH,
				DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
				PORT: '0',
				HOST: '127.0.0.1'
			},
			encoding: 'utf8',
			timeout: 60_000
		});
		expect(refused.status).toBe(1);
		expect(refused.stderr).toContain('Cannot reach PostgreSQL at DATABASE_URL');
		expect(refused.stderr).toContain('ECONNREFUSED');
		expect(refused.stderr).not.toMatch(/\n\s+at /);
	});
});
