import type { QueryOptions, Results } from '@electric-sql/pglite';

/**
 * The messages between the server's event loop and the thread that runs embedded PGlite
 * (`pglite-worker.ts`, client side in `pglite-remote.ts`). PGlite executes SQL synchronously inside
 * WebAssembly: on the event loop every journal write or session read held back every socket for
 * its duration (1-5 ms each, 50-100 ms per second under a busy board). On a thread of its own the
 * event loop only posts and receives messages.
 */

/** Where the worker opens its database. */
export interface PgliteThreadOptions {
	/** Data folder; undefined keeps the database in memory. */
	dataDir?: string;
}

/** Query options that can cross a thread: parser functions cannot, so only "return as text". */
export interface ThreadQueryOptions {
	rowMode?: QueryOptions['rowMode'];
	/** Type ids whose values come back as PostgreSQL's text, unparsed. */
	rawTypes?: number[];
}

export type ThreadRequest =
	| {
			id: number;
			op: 'query';
			tx: number | null;
			sql: string;
			params: unknown[];
			options: ThreadQueryOptions;
	  }
	| { id: number; op: 'exec'; tx: number | null; sql: string }
	| { id: number; op: 'begin' }
	| { id: number; op: 'end'; tx: number; commit: boolean }
	| { id: number; op: 'close' };

export type ThreadResponse =
	| { id: number; ok: true; value: Results | Results[] | number | null }
	| { id: number; ok: false; error: ThreadError }
	/** Sent once, when the database is open (or could not be). */
	| { id: 0; ready: true }
	| { id: 0; ready: false; error: ThreadError };

/** A database error as plain data: structured clone keeps an Error's message but drops `code`. */
export interface ThreadError {
	message: string;
	name?: string;
	/** PostgreSQL's SQLSTATE, which callers test (unique violation, restrict violation…). */
	code?: string;
	detail?: string;
	hint?: string;
	constraint?: string;
	table?: string;
	column?: string;
	schema?: string;
	severity?: string;
}

const ERROR_FIELDS = [
	'name',
	'code',
	'detail',
	'hint',
	'constraint',
	'table',
	'column',
	'schema',
	'severity'
] as const;

export function toThreadError(error: unknown): ThreadError {
	if (!(error instanceof Error)) return { message: String(error) };
	const plain: ThreadError = { message: error.message };
	const source = error as unknown as Record<string, unknown>;
	for (const field of ERROR_FIELDS) {
		if (typeof source[field] === 'string') plain[field] = source[field] as string;
	}
	return plain;
}

export function fromThreadError(plain: ThreadError): Error {
	const error = new Error(plain.message);
	Object.assign(error, plain);
	return error;
}
