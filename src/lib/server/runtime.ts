import path from 'node:path';
import {
	failureCounter,
	eventCounter,
	recentKeys,
	sharedRecentKeys,
	sharedStore
} from './auth/rate-limit';
import type { EventCounter, FailureCounter, RecentKeys, Shared } from './auth/rate-limit';
import * as sessions from './auth/sessions';
import * as signInAudit from './auth/sign-in-audit';
import type { Config } from './config';
import { openPglite, openPgliteThread, openPostgres } from './db/client';
import type { DatabaseHandle } from './db/client';
import { DataDirError, checkPgliteDir, innermostMessage, lockDataDir } from './db/data-dir';
import { applyMigrations } from './db/migrate';
import { seedReferenceData } from './reference/seed';

/**
 * The process-wide services: database and rate limiters (shared by every instance through Redis
 * when REDIS_URL is set, see rate-limit.ts). The production entry, the Vite dev plugin
 * and SvelteKit's own bundle each load their own copy of this module, so the live instance is kept
 * on `globalThis` under a registered symbol: whoever starts first, everyone shares one database.
 */
export interface Runtime {
	config: Config;
	database: DatabaseHandle;
	limits: {
		/** Failed joins per address. */
		joinByAddress: FailureCounter;
		/** Failed joins per /24 or /64 network: catches guessing spread over many addresses. */
		joinByNetwork: FailureCounter;
		/** New participants per workshop per minute (flood guard). */
		joinsByWorkshop: EventCounter;
		/** New participants per workshop and address per minute: no address uses up the above. */
		joinsByWorkshopAddress: EventCounter;
		/**
		 * Which codes joined from which address in the last 15 minutes: a room behind one address
		 * keeps joining its own workshop after its typos used up the address's failures.
		 */
		joinedFromAddress: RecentKeys;
		/** Failed sign-ins per address. */
		signInByAddress: FailureCounter;
		/** Failed sign-ins per account from one network: locks the account out of that network. */
		signInByAccountAndNetwork: FailureCounter;
		/** Failed sign-ins per account from all networks: the ceiling that closes it everywhere. */
		signInByAccount: FailureCounter;
		/** Sign-ins refused during a lockout already audited this minute (by email and address). */
		signInRefusalsAudited: RecentKeys;
		/** Comments per resident per hour. */
		commentsByResident: EventCounter;
		/** Dots placed or taken back per session per minute (flood guard). */
		votesBySession: EventCounter;
		/** Exports per staff member (or per address when anonymous) per minute. */
		exportsByRequester: EventCounter;
	};
	/** Registers work to do at shutdown, before the database closes (e.g. storing live documents). */
	onStop(fn: () => Promise<void>): void;
	stop(): Promise<void>;
}

/** How long, and for how many address-code pairs at most, a successful join is remembered. */
const JOINED_CODE_MEMORY_SECONDS = 15 * 60;
const JOINED_CODE_MEMORY_MAX = 50_000;

const KEY = Symbol.for('piazza.runtime');
type Slot = { promise?: Promise<Runtime>; runtime?: Runtime };
const slot: Slot = ((globalThis as Record<symbol, Slot>)[KEY] ??= {});

/**
 * The configured database, opened as it is (not migrated, nothing seeded), with the data folder's
 * lock held for PGlite until `release()`: for maintenance commands such as a backup.
 */
export function openDatabase(config: Config) {
	return open(config);
}

async function open(config: Config): Promise<{ database: DatabaseHandle; release: () => void }> {
	if (config.databaseUrl) {
		const database = openPostgres(config.databaseUrl);
		try {
			await database.ping();
		} catch (error) {
			await database.close().catch(() => {});
			throw new DataDirError(
				`Cannot reach PostgreSQL at DATABASE_URL: ${innermostMessage(error)}.`
			);
		}
		return { database, release: () => {} };
	}
	const release = lockDataDir(config.dataDir);
	const pgDir = path.join(config.dataDir, 'pglite');
	try {
		checkPgliteDir(pgDir);
		const database = config.pgliteWorker
			? await openPgliteThread({ dataDir: pgDir, script: config.pgliteWorker })
			: await openPglite({ dataDir: pgDir });
		return { database, release };
	} catch (error) {
		release();
		if (error instanceof DataDirError) throw error;
		throw new DataDirError(
			`The database in ${pgDir} could not be opened (${innermostMessage(error)}). ` +
				'It may be damaged: restore a backup, or move the folder away to start afresh.'
		);
	}
}

async function start(config: Config): Promise<Runtime> {
	const { database, release } = await open(config);
	try {
		await applyMigrations(database, config.migrationsFolder);
		await seedReferenceData(database.db);
		await database.warm?.();
	} catch (error) {
		await database.close().catch(() => {});
		release();
		const where =
			database.kind === 'pglite'
				? `The database in ${path.join(config.dataDir, 'pglite')}`
				: 'The PostgreSQL database at DATABASE_URL';
		throw new DataDirError(
			`${where} could not be prepared (${innermostMessage(error)}). ` +
				'If it is damaged, restore a backup; if it belongs to another application, point Piazza elsewhere.'
		);
	}
	// Expired sessions are only ever refused, never read again: sweep them now and every hour,
	// with the sign-in audit's entries past SIGN_IN_AUDIT_DAYS.
	const sweep = () =>
		Promise.all([
			sessions.purgeExpired(database.db),
			signInAudit.prune(database.db, config.limits.signInAuditDays)
		]).catch((error) => {
			console.warn(
				`[piazza] could not purge expired sessions or old sign-in audit: ${innermostMessage(error)}`
			);
		});
	await sweep();
	const sweeper = setInterval(sweep, 60 * 60 * 1000);
	sweeper.unref();
	const l = config.limits;
	// With REDIS_URL an allowance is spent once across all instances, not once per instance.
	const store = config.redisUrl ? sharedStore(config.redisUrl, config.redisPrefix) : null;
	const on = (name: string): Shared | undefined => (store ? { store, name } : undefined);
	const recent = (name: string, ttlSeconds: number, maxKeys: number) =>
		store
			? sharedRecentKeys(ttlSeconds, maxKeys, { store, name })
			: recentKeys(ttlSeconds, maxKeys);
	const stopHooks: (() => Promise<void>)[] = [];
	const runtime: Runtime = {
		config,
		database,
		limits: {
			joinByAddress: failureCounter(
				l.joinFailuresPerAddress,
				l.joinWindowSeconds,
				on('join-address')
			),
			joinByNetwork: failureCounter(
				l.joinFailuresPerNetwork,
				l.joinWindowSeconds,
				on('join-network')
			),
			joinsByWorkshop: eventCounter(l.joinsPerWorkshopPerMinute, 60, on('joins-workshop')),
			joinsByWorkshopAddress: eventCounter(
				l.joinsPerWorkshopAddressPerMinute,
				60,
				on('joins-workshop-address')
			),
			joinedFromAddress: recent(
				'joined-from-address',
				JOINED_CODE_MEMORY_SECONDS,
				JOINED_CODE_MEMORY_MAX
			),
			signInByAddress: failureCounter(
				l.signInFailuresPerAddress,
				l.signInWindowSeconds,
				on('sign-in-address')
			),
			signInByAccountAndNetwork: failureCounter(
				l.signInFailuresPerAccount,
				l.signInWindowSeconds,
				on('sign-in-account-network')
			),
			signInByAccount: failureCounter(
				l.signInFailuresPerAccountTotal,
				l.signInWindowSeconds,
				on('sign-in-account')
			),
			signInRefusalsAudited: recent('sign-in-refusals-audited', 60, 10_000),
			commentsByResident: eventCounter(
				l.commentsPerResidentPerHour,
				60 * 60,
				on('comments-resident')
			),
			votesBySession: eventCounter(l.votesPerSessionPerMinute, 60, on('votes-session')),
			exportsByRequester: eventCounter(l.exportsPerMinute, 60, on('exports-requester'))
		},
		onStop(fn) {
			stopHooks.push(fn);
		},
		async stop() {
			clearInterval(sweeper);
			for (const hook of stopHooks.splice(0)) {
				await hook().catch((error) =>
					console.warn(`[piazza] shutdown step failed: ${innermostMessage(error)}`)
				);
			}
			slot.promise = undefined;
			slot.runtime = undefined;
			await store?.close();
			await database.close();
			release();
		}
	};
	slot.runtime = runtime;
	return runtime;
}

/**
 * Starts the runtime once; later calls (from any copy of this module) get the same one. A function
 * is only called for the first start (reading the configuration is not free, and sockets ask often).
 */
export function startRuntime(config: Config | (() => Config)): Promise<Runtime> {
	slot.promise ??= start(typeof config === 'function' ? config() : config).catch((error) => {
		slot.promise = undefined;
		throw error;
	});
	return slot.promise;
}

/** The started runtime. Request handlers run only after start-up, so this never waits. */
export function getRuntime(): Runtime {
	if (!slot.runtime) throw new Error('Piazza runtime used before startRuntime() finished.');
	return slot.runtime;
}
