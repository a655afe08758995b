import path from 'node:path';

/**
 * Everything Piazza reads from the environment, in one place, with safe defaults. Free of SvelteKit
 * imports so that the production entry, the CLI and the dev server read it the same way.
 */
export interface Config {
	/** PostgreSQL URL; when absent Piazza runs on embedded PGlite in `dataDir`. */
	databaseUrl: string | undefined;
	/** Folder for the embedded database and other local state. */
	dataDir: string;
	/** Folder holding drizzle-kit's SQL migrations. */
	migrationsFolder: string;
	/** Time zone in which staff enter and residents read dates. */
	timeZone: string;
	sessions: {
		/** Sliding lifetime of a staff session, in days. */
		staffDays: number;
		/** Sliding lifetime of a resident's participant session, in days. */
		participantDays: number;
	};
	limits: Limits;
}

/**
 * Rate limits. Joins and sign-ins count failures only, so a room of 500 joining from one library
 * Wi-Fi address costs that address nothing; a room's typos do, and once they use up the address's
 * failures the address is refused for the rest of the window, except for the codes that already
 * joined from it in the last 15 minutes (see `workshops/join.ts`) and for people rejoining a
 * workshop they take part in. New participants are also capped per workshop and per workshop and
 * address, far above a real room.
 */
export interface Limits {
	/**
	 * Failed joins (unknown or closed code) allowed per address in `joinWindowSeconds`. A short
	 * window keeps guessing at ~20 codes a minute (31^6 codes); a room whose typos use it up waits
	 * out the window only for codes that have not joined from it recently.
	 */
	joinFailuresPerAddress: number;
	/** Failed joins allowed per network (/24 for IPv4, /64 for IPv6) in the same window. */
	joinFailuresPerNetwork: number;
	joinWindowSeconds: number;
	/** New participants one workshop accepts per minute (a flood guard, far above a real room). */
	joinsPerWorkshopPerMinute: number;
	/**
	 * New participants one workshop accepts from one address per minute: above a room of 500 behind
	 * one Wi-Fi address, below `joinsPerWorkshopPerMinute`, so one address cannot use up the flood
	 * guard of a workshop and lock everyone else out.
	 */
	joinsPerWorkshopAddressPerMinute: number;
	/** Failed sign-ins allowed per address in `signInWindowSeconds`, whatever the accounts tried. */
	signInFailuresPerAddress: number;
	/**
	 * Failed sign-ins allowed per account from one network (/24 for IPv4, /64 for IPv6) in the same
	 * window; then the account is refused from that network, even with the right password, until the
	 * window passes. Counted per network so that a stranger elsewhere cannot lock its owner out.
	 */
	signInFailuresPerAccount: number;
	/**
	 * Failed sign-ins allowed per account from all networks together in the same window: a ceiling
	 * far above anyone's typing mistakes. Reaching it means guessing spread over many networks, so the
	 * account is then refused from everywhere until the window passes, and an ALARM line is logged.
	 * Never below `signInFailuresPerAccount`.
	 */
	signInFailuresPerAccountTotal: number;
	signInWindowSeconds: number;
}

export class ConfigError extends Error {
	override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function positiveInt(env: Env, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value <= 0) {
		throw new ConfigError(`${name} must be a positive whole number, got "${raw}".`);
	}
	return value;
}

function validTimeZone(name: string): string {
	try {
		new Intl.DateTimeFormat('en', { timeZone: name });
		return name;
	} catch {
		throw new ConfigError(`PIAZZA_TIME_ZONE "${name}" is not a known time zone.`);
	}
}

export function readConfig(env: Env, defaults: { migrationsFolder?: string } = {}): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || undefined;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://.');
	}
	const signInFailuresPerAccount = positiveInt(env, 'SIGN_IN_FAILURES_PER_ACCOUNT', 5);
	const signInFailuresPerAccountTotal = positiveInt(
		env,
		'SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL',
		Math.max(100, signInFailuresPerAccount)
	);
	if (signInFailuresPerAccountTotal < signInFailuresPerAccount) {
		throw new ConfigError(
			'SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL (failures of an account from all networks together) ' +
				'must not be below SIGN_IN_FAILURES_PER_ACCOUNT (from one network).'
		);
	}
	return {
		databaseUrl,
		dataDir: path.resolve(env.DATA_DIR?.trim() || 'data'),
		migrationsFolder: path.resolve(
			env.PIAZZA_MIGRATIONS_DIR?.trim() || defaults.migrationsFolder || 'drizzle'
		),
		timeZone: validTimeZone(env.PIAZZA_TIME_ZONE?.trim() || 'Europe/Rome'),
		sessions: {
			staffDays: positiveInt(env, 'STAFF_SESSION_DAYS', 7),
			participantDays: positiveInt(env, 'PARTICIPANT_SESSION_DAYS', 30)
		},
		limits: {
			joinFailuresPerAddress: positiveInt(env, 'JOIN_FAILURES_PER_ADDRESS', 20),
			joinFailuresPerNetwork: positiveInt(env, 'JOIN_FAILURES_PER_NETWORK', 200),
			joinWindowSeconds: positiveInt(env, 'JOIN_FAILURE_WINDOW_SECONDS', 60),
			joinsPerWorkshopPerMinute: positiveInt(env, 'JOINS_PER_WORKSHOP_PER_MINUTE', 1000),
			joinsPerWorkshopAddressPerMinute: positiveInt(
				env,
				'JOINS_PER_WORKSHOP_PER_ADDRESS_PER_MINUTE',
				600
			),
			signInFailuresPerAddress: positiveInt(env, 'SIGN_IN_FAILURES_PER_ADDRESS', 20),
			signInFailuresPerAccount,
			signInFailuresPerAccountTotal,
			signInWindowSeconds: positiveInt(env, 'SIGN_IN_FAILURE_WINDOW_SECONDS', 900)
		}
	};
}
