// `npm run cli -- <command>`: staff accounts, demo data and backups without the UI.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { STAFF_NAME_MAX } from '../lib/domain/staff-account';
import { MIN_LENGTH } from '../lib/server/auth/passwords';
import { ConfigError, readConfig } from '../lib/server/config';
import * as backups from '../lib/server/db/backup';
import { DataDirError } from '../lib/server/db/data-dir';
import { staffRoles } from '../lib/server/db/schema/index';
import type { StaffRole } from '../lib/server/db/schema/index';
import { DEMO_ACCOUNTS, DEMO_JOIN_CODE, DEMO_PASSWORD, seedDemo } from '../lib/server/demo/seed';
import { openDatabase, startRuntime } from '../lib/server/runtime';
import type { Runtime } from '../lib/server/runtime';
import * as users from '../lib/server/staff/users';

const HELP = `Piazza command line

  npm run cli -- user:create --email <email> --role <admin|manager|facilitator> [--name <name>] [--password <pw>]
      Creates a staff account. Without --password (or PIAZZA_PASSWORD) a strong one is generated and printed.
  npm run cli -- user:password --email <email> [--password <pw>]
      Sets a new password and signs the account out everywhere.
  npm run cli -- demo:seed
      Adds the demo data set (workshop ${DEMO_JOIN_CODE}, demo staff accounts). Idempotent.
  npm run cli -- db:migrate
      Applies database migrations and the Milan reference data.
  npm run cli -- backup <file>
      Writes every table to <file> (gzipped JSON lines); restores into PGlite or PostgreSQL alike.
  npm run cli -- restore <file> [--force]
      Replaces the database's content with the backup's, in one transaction. Refuses a database that
      holds anything beyond the reference data unless --force; needs the Piazza version that took it.

Uses the same DATABASE_URL / DATA_DIR as the server. With the embedded database, stop the server first.`;

/** What each field's problem code means, said to whoever runs the command. */
const PROBLEMS: Record<string, Record<string, string>> = {
	name: {
		required: 'the name is empty',
		'too-long': `the name must be at most ${STAFF_NAME_MAX} characters`,
		'forbidden-characters': 'the name must not hold line breaks, control or invisible characters'
	},
	email: {
		required: '--email is required',
		invalid: 'that is not a valid email address',
		taken: 'an account with that email already exists'
	},
	role: { invalid: `--role must be one of ${staffRoles.join(', ')}` },
	password: {
		'too-short': `the password must be at least ${MIN_LENGTH} characters`,
		'too-long': 'the password is too long'
	}
};

/** Every problem of a refused account, in one line. */
function problems(errors: Partial<Record<string, string>>): string {
	return Object.entries(errors)
		.map(([field, problem]) => PROBLEMS[field]?.[problem!] ?? `${field}: ${problem}`)
		.join('; ');
}

/** A failure to report in one line: thrown, so that an open database is closed first. */
class CliError extends Error {
	override name = 'CliError';
	constructor(
		message: string,
		/** Print the help too (the command line itself was wrong). */
		readonly withHelp = false
	) {
		super(message);
	}
}

function die(message: string): never {
	throw new CliError(message);
}

/**
 * Tables a fresh database holds rows in before anyone uses it: the Milan reference data that every
 * start seeds (reference/seed.ts). A restore replaces them too; they do not make a database "used".
 */
const REFERENCE_TABLES = new Set(['municipi', 'branches', 'services']);

function generatedPassword() {
	return randomBytes(12).toString('base64url');
}

function configFromEnv() {
	const here = path.dirname(fileURLToPath(import.meta.url));
	return readConfig(process.env, { migrationsFolder: path.join(here, '..', 'drizzle') });
}

/**
 * Runs `fn` with the database open, and closes it (releasing the data folder's lock) however `fn`
 * ends, a `die()` included.
 */
async function withRuntime(fn: (runtime: Runtime) => Promise<void>) {
	let runtime: Runtime;
	try {
		runtime = await startRuntime(configFromEnv());
	} catch (error) {
		if (error instanceof ConfigError || error instanceof DataDirError) die(error.message);
		throw error;
	}
	try {
		await fn(runtime);
	} finally {
		await runtime.stop();
	}
}

/** A backup or restore's failure as the one line to print; anything else is rethrown. */
function asCliError(error: unknown): never {
	if (error instanceof backups.BackupError) die(error.message);
	throw error;
}

/** The one file a backup command names. */
function fileOf(positionals: string[], command: string): string {
	if (positionals.length === 0) throw new CliError(`${command} needs a file name.`, true);
	if (positionals.length > 1) throw new CliError(`${command} takes one file name.`, true);
	return path.resolve(positionals[0]!);
}

/** The options, or a one-line complaint about the command line (never a stack trace). */
function readOptions(args: string[]) {
	try {
		return parseArgs({
			args,
			options: {
				email: { type: 'string' },
				role: { type: 'string' },
				name: { type: 'string' },
				password: { type: 'string' },
				force: { type: 'boolean' }
			},
			allowPositionals: true,
			strict: true
		});
	} catch (error) {
		const { code, message } = error as NodeJS.ErrnoException;
		if (!code?.startsWith('ERR_PARSE_ARGS_')) throw error;
		const option = /'(-[^']*)'/.exec(message)?.[1];
		const said =
			code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option
				? `unknown option ${option}.`
				: `${message.split('\n')[0]!.replace(/\.?$/, '.')}`;
		throw new CliError(said, true);
	}
}

async function main(command: string | undefined, rest: string[]) {
	switch (command) {
		case undefined:
		case 'help':
		case '--help':
			console.log(HELP);
			return;
		case 'user:create':
		case 'user:password':
		case 'demo:seed':
		case 'db:migrate':
		case 'backup':
		case 'restore':
			break;
		default:
			throw new CliError(`unknown command "${command}".`, true);
	}
	const { values, positionals } = readOptions(rest);
	if (positionals.length > 0 && command !== 'backup' && command !== 'restore') {
		throw new CliError(`Unexpected argument '${positionals[0]}'.`, true);
	}

	switch (command) {
		case 'user:create': {
			if (!values.email) die('--email is required.');
			const role = values.role as StaffRole;
			if (!staffRoles.includes(role)) die(`--role must be one of ${staffRoles.join(', ')}.`);
			const given = values.password ?? process.env.PIAZZA_PASSWORD;
			const password = given ?? generatedPassword();
			await withRuntime(async ({ database }) => {
				const result = await users.create(database.db, {
					email: values.email!,
					name: values.name ?? values.email!.split('@')[0]!,
					role,
					password
				});
				if (!result.ok) die(`${problems(result.errors)}.`);
				console.log(`Created ${role} ${values.email}.`);
				if (!given) console.log(`Password: ${password}  (shown once: pass it on safely)`);
			});
			break;
		}
		case 'user:password': {
			if (!values.email) die('--email is required.');
			const given = values.password ?? process.env.PIAZZA_PASSWORD;
			const password = given ?? generatedPassword();
			await withRuntime(async ({ database }) => {
				const user = await users.findByEmail(database.db, values.email!);
				if (!user) die(`no account with email ${values.email}.`);
				const result = await users.setPassword(database.db, user.id, password);
				if (!result.ok && result.problem === 'not-found') {
					die(`no account with email ${values.email}.`);
				}
				if (!result.ok) die(`${problems({ password: result.problem })}.`);
				console.log(`Password changed for ${user.email}; its sessions were ended.`);
				if (!given) console.log(`Password: ${password}  (shown once: pass it on safely)`);
			});
			break;
		}
		case 'demo:seed':
			await withRuntime(async ({ database }) => {
				const { created } = await seedDemo(database.db, { history: true });
				console.log(created ? 'Demo data created.' : 'Demo data already present: left unchanged.');
				console.log(`Join code ${DEMO_JOIN_CODE}; staff password "${DEMO_PASSWORD}" for:`);
				for (const a of DEMO_ACCOUNTS) console.log(`  ${a.role.padEnd(12)} ${a.email}`);
			});
			break;
		case 'db:migrate':
			await withRuntime(async () => {
				console.log('Database is up to date.');
			});
			break;
		case 'backup': {
			const file = fileOf(positionals, 'backup');
			if (fs.existsSync(file)) die(`${file} already exists: choose a new file name.`);
			// Opened as it is, not migrated: a backup records the database as found.
			let opened: Awaited<ReturnType<typeof openDatabase>>;
			try {
				opened = await openDatabase(configFromEnv());
			} catch (error) {
				if (error instanceof ConfigError || error instanceof DataDirError) die(error.message);
				throw error;
			}
			try {
				const { database } = opened;
				const { tables, rows } = await backups
					.write(database.db, database.kind, file)
					.catch(asCliError);
				console.log(`Backup written to ${file}: ${rows} rows in ${tables} tables.`);
			} finally {
				await opened.database.close();
				opened.release();
			}
			break;
		}
		case 'restore': {
			const file = fileOf(positionals, 'restore');
			// Read before the database is opened: a wrong file changes nothing, not even a migration.
			const header = await backups.readHeader(file).catch(asCliError);
			await withRuntime(async ({ database }) => {
				if (!values.force) {
					const content = await backups.contentOf(database.db);
					const held = [...content.keys()].filter((t) => !REFERENCE_TABLES.has(t));
					if (held.length > 0) {
						die(
							`the database is not empty (${held.slice(0, 3).join(', ')}${held.length > 3 ? '…' : ''} ` +
								'hold rows): restore into a new database, or add --force to replace everything.'
						);
					}
				}
				const { tables, rows } = await backups.restore(database.db, file).catch(asCliError);
				console.log(
					`Restored ${rows} rows in ${tables} tables from ${file} (taken ${header.createdAt} on ${header.database}).`
				);
			});
			break;
		}
	}
}

const [command, ...rest] = process.argv.slice(2);
try {
	await main(command, rest);
} catch (error) {
	if (!(error instanceof CliError)) throw error;
	if (error.withHelp) console.error(HELP);
	console.error(`Error: ${error.message}`);
	// Whatever was open is closed by now (see withRuntime).
	process.exit(1);
}
