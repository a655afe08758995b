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
	/**
	 * The built PGlite thread script (`pglite-worker.js`) when embedded PGlite should run on a
	 * thread of its own; null runs it on the event loop (dev server, CLI, or PIAZZA_PGLITE_THREAD=off).
	 */
	pgliteWorker: string | null;
	/** Time zone in which staff enter and residents read dates. */
	timeZone: string;
	/**
	 * Redis that several instances share live documents through (README, "Several instances"), or
	 * null: one process alone.
	 */
	redisUrl: string | null;
	/** Prefix of the Redis channels, so that several Piazzas (or test runs) can share one Redis. */
	redisPrefix: string;
	sessions: {
		/** Sliding lifetime of a staff session, in days. */
		staffDays: number;
		/** Sliding lifetime of a resident's participant session, in days. */
		participantDays: number;
	};
	privacy: {
		/**
		 * Days a resident's personal fields (nicknames, email, participant sessions) are kept after
		 * they last joined a workshop; then the retention sweep removes them.
		 */
		retentionDays: number;
	};
	limits: Limits;
	collab: CollabLimits;
	notifications: Notifications;
}

/**
 * Emails to residents about the proposals they follow. Without `SMTP_URL` none are sent (nor
 * asked for): the app works the same and says notifications are off.
 */
export interface Notifications {
	/** `smtp://user:pass@host:port` or `smtps://…` (nodemailer's URL form), or null: no emails. */
	smtpUrl: string | null;
	/** The From of the emails, e.g. `Piazza <piazza@biblioteche.example.org>`. */
	from: string;
	/** The public address the emails link to (`ORIGIN`); required with `SMTP_URL`. */
	origin: string | null;
}

/** Live documents (/collab): each limit has its close code (README, "Limits"). */
export interface CollabLimits {
	/** Largest frame, bytes (4413 above; the socket layer cuts at twice this with 1009). */
	maxMessageBytes: number;
	/** Frames per second per connection (4429 above). */
	messagesPerSecond: number;
	/** Presence changes relayed per second per connection (more are merged). */
	awarenessPerSecond: number;
	/** Largest presence state, bytes (4413 above). */
	maxAwarenessBytes: number;
	/** Largest document, bytes: writes beyond are refused with permission denied. */
	maxDocumentBytes: number;
	/** Send buffer, bytes, beyond which a slow reader is dropped (1013). */
	maxSendBufferBytes: number;
	/** Open sockets per session (4429 above). */
	connectionsPerSession: number;
	/** Documents loaded per process (4429 for a new one above). */
	maxDocuments: number;
	/** A document nobody is connected to is stored and unloaded after this long, ms. */
	idleUnloadMs: number;
	/** How often an open socket re-checks its session and rights, ms (4401/4403 when they are gone). */
	recheckMs: number;
	/** Longest wait before an accepted update is written to the database, ms. */
	flushMs: number;
	/** Updates after which a loaded document's history is folded into a snapshot. */
	compactEvery: number;
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
	/** Comments one resident may post per hour, on all proposals together (a flood guard). */
	commentsPerResidentPerHour: number;
	/**
	 * Dots one session may place or take back per minute (a flood guard): honest tapping, even a
	 * person changing their mind over and over, stays far below it.
	 */
	votesPerSessionPerMinute: number;
	/**
	 * Exports (the proposals' and the participation CSV, the open data) one staff member, or one
	 * address when nobody is signed in, may ask for per minute: each reads whole tables.
	 */
	exportsPerMinute: number;
	/** Days the staff sign-in audit (failures and lockouts) is kept before it is pruned. */
	signInAuditDays: number;
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

function pgliteWorker(env: Env, script: string | undefined): string | null {
	const value = env.PIAZZA_PGLITE_THREAD?.trim().toLowerCase() || 'on';
	if (value !== 'on' && value !== 'off') {
		throw new ConfigError('PIAZZA_PGLITE_THREAD must be "on" or "off".');
	}
	return value === 'on' && script ? script : null;
}

// "Name <address>" or a bare address, with nothing that could start another header.
const FROM =
	/^(?:[^<>\r\n]{0,100}<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/;

function notifications(env: Env): Notifications {
	const origin = env.ORIGIN?.trim() || null;
	if (origin) {
		let parsed: URL | null = null;
		try {
			parsed = new URL(origin);
		} catch {
			parsed = null;
		}
		if (
			!parsed ||
			!['http:', 'https:'].includes(parsed.protocol) ||
			parsed.origin !== origin.replace(/\/$/, '')
		)
			throw new ConfigError(
				`ORIGIN must be an http(s) origin such as https://piazza.example.org, got "${origin}".`
			);
	}
	const smtpUrl = env.SMTP_URL?.trim() || null;
	if (!smtpUrl) return { smtpUrl: null, from: '', origin: origin?.replace(/\/$/, '') ?? null };
	let smtp: URL | null = null;
	try {
		smtp = new URL(smtpUrl);
	} catch {
		smtp = null;
	}
	if (!smtp || !['smtp:', 'smtps:'].includes(smtp.protocol) || !smtp.hostname)
		throw new ConfigError(
			'SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.'
		);
	if (!origin)
		throw new ConfigError(
			'SMTP_URL needs ORIGIN too (the public address, e.g. https://piazza.example.org): the emails link to it.'
		);
	const host = new URL(origin).hostname;
	const from =
		env.SMTP_FROM?.trim() || `Piazza <piazza@${host.includes('.') ? host : `${host}.invalid`}>`;
	if (!FROM.test(from)) throw new ConfigError('SMTP_FROM must be an address, or "Name <address>".');
	return { smtpUrl, from, origin: origin.replace(/\/$/, '') };
}

export function readConfig(
	env: Env,
	defaults: { migrationsFolder?: string; pgliteWorker?: string } = {}
): Config {
	const databaseUrl = env.DATABASE_URL?.trim() || undefined;
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://.');
	}
	const redisUrl = env.REDIS_URL?.trim() || null;
	if (redisUrl && !/^rediss?:\/\/./.test(redisUrl)) {
		throw new ConfigError('REDIS_URL must start with redis:// or rediss://.');
	}
	// Instances sharing live documents must share their source of truth: embedded PGlite lives in
	// one process's folder, so a second instance would have a database of its own and diverge.
	if (redisUrl && !databaseUrl) {
		throw new ConfigError(
			'REDIS_URL is set but DATABASE_URL is not: several instances must share one PostgreSQL ' +
				'database (embedded PGlite belongs to a single process). Set DATABASE_URL, or unset ' +
				'REDIS_URL to run one instance.'
		);
	}
	const redisPrefix = env.REDIS_PREFIX?.trim() || 'piazza';
	if (!/^[\w.:-]{1,64}$/.test(redisPrefix)) {
		throw new ConfigError('REDIS_PREFIX may only hold letters, digits and . : _ - (at most 64).');
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
		pgliteWorker: pgliteWorker(env, defaults.pgliteWorker),
		timeZone: validTimeZone(env.PIAZZA_TIME_ZONE?.trim() || 'Europe/Rome'),
		redisUrl,
		redisPrefix,
		sessions: {
			staffDays: positiveInt(env, 'STAFF_SESSION_DAYS', 7),
			participantDays: positiveInt(env, 'PARTICIPANT_SESSION_DAYS', 30)
		},
		privacy: { retentionDays: positiveInt(env, 'PARTICIPANT_RETENTION_DAYS', 365) },
		collab: {
			maxMessageBytes: positiveInt(env, 'COLLAB_MAX_MESSAGE_BYTES', 1024 * 1024),
			messagesPerSecond: positiveInt(env, 'COLLAB_MESSAGES_PER_SECOND', 300),
			awarenessPerSecond: positiveInt(env, 'COLLAB_AWARENESS_PER_SECOND', 20),
			maxAwarenessBytes: positiveInt(env, 'COLLAB_MAX_AWARENESS_BYTES', 4096),
			maxDocumentBytes: positiveInt(env, 'COLLAB_MAX_DOCUMENT_BYTES', 5 * 1024 * 1024),
			maxSendBufferBytes: positiveInt(env, 'COLLAB_MAX_SEND_BUFFER_BYTES', 8 * 1024 * 1024),
			connectionsPerSession: positiveInt(env, 'COLLAB_CONNECTIONS_PER_SESSION', 8),
			maxDocuments: positiveInt(env, 'COLLAB_MAX_DOCUMENTS', 2000),
			idleUnloadMs: positiveInt(env, 'COLLAB_IDLE_UNLOAD_MS', 5000),
			recheckMs: positiveInt(env, 'COLLAB_RECHECK_MS', 30_000),
			flushMs: positiveInt(env, 'COLLAB_FLUSH_MS', 20),
			compactEvery: positiveInt(env, 'COLLAB_COMPACT_EVERY', 500)
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
			signInWindowSeconds: positiveInt(env, 'SIGN_IN_FAILURE_WINDOW_SECONDS', 900),
			commentsPerResidentPerHour: positiveInt(env, 'COMMENTS_PER_RESIDENT_PER_HOUR', 20),
			votesPerSessionPerMinute: positiveInt(env, 'VOTES_PER_SESSION_PER_MINUTE', 120),
			exportsPerMinute: positiveInt(env, 'EXPORTS_PER_MINUTE', 30),
			signInAuditDays: positiveInt(env, 'SIGN_IN_AUDIT_DAYS', 90)
		},
		notifications: notifications(env)
	};
}
