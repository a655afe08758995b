import os from 'node:os';
import { parseArgs } from 'node:util';

export interface Options {
	quick: boolean;
	/** Scenario names (or prefixes: `fan-out` runs all three fan-out lines); empty = all. */
	only: string[];
	reps: number;
	/** Extra copy of the results (always also in bench/results/<date>.json). */
	json: string | null;
	/** Client worker processes. */
	workers: number;
	/** Piazza on PostgreSQL instead of PGlite in a temporary folder. */
	databaseUrl: string | undefined;
	/** Folder for V8 CPU profiles of every Piazza process (`node --cpu-prof`), or null. */
	profile: string | null;
	/** Folder for heap snapshots of each server before and after the idle connections, or null. */
	heapSnapshots: string | null;
	/** scale-out: the Redis the two instances share (default BENCH_REDIS_URL, else local). */
	redisUrl: string | undefined;
	/** scale-out: receivers over the two instances (default 1,000; 100 with --quick). */
	clients: number | undefined;
}

export const USAGE = `npm run bench -- [--quick] [--only <scenario>[,<scenario>…]] [--reps N] [--json <file>]
                     [--workers N] [--database-url postgres://…] [--profile <dir>]
                     [--redis-url redis://…] [--clients N]

scenarios: fan-out-200, fan-out-500, fan-out-stress, cold-load, idle-memory, presence
           (a prefix selects several: --only fan-out); review (the managers' ranked list at
           10,000 proposals on PostgreSQL, --database-url or BENCH_DATABASE_URL, else the local one);
           scale-out (--clients receivers, default 1,000, over two instances sharing Redis,
           --redis-url or BENCH_REDIS_URL, else the local one, against half as many on one
           instance; PostgreSQL as for review); phone (an old phone: Chromium at 360×640 with
           its CPU 4× slower and slow 4G, join page and a board of 300 notes, medians over --reps
           and the trend against earlier bench/results/phone-*.json)`;

export function parse(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			quick: { type: 'boolean', default: false },
			only: { type: 'string', multiple: true },
			reps: { type: 'string' },
			json: { type: 'string' },
			workers: { type: 'string' },
			'database-url': { type: 'string' },
			profile: { type: 'string' },
			'heap-snapshots': { type: 'string' },
			'redis-url': { type: 'string' },
			clients: { type: 'string' },
			help: { type: 'boolean', default: false }
		}
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const reps = Number(values.reps ?? (values.quick ? 1 : 3));
	const workers = Number(values.workers ?? Math.max(2, Math.min(4, os.availableParallelism())));
	if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a positive integer');
	const clients = values.clients === undefined ? undefined : Number(values.clients);
	if (clients !== undefined && (!Number.isInteger(clients) || clients < 2))
		throw new Error('--clients must be a whole number of at least 2');
	if (!Number.isInteger(workers) || workers < 1)
		throw new Error('--workers must be a positive integer');
	return {
		quick: values.quick ?? false,
		only: (values.only ?? []).flatMap((o) => o.split(',')).filter(Boolean),
		reps,
		json: values.json ?? null,
		workers,
		databaseUrl: values['database-url'] ?? process.env.BENCH_DATABASE_URL,
		profile: values.profile ?? null,
		heapSnapshots: values['heap-snapshots'] ?? null,
		redisUrl: values['redis-url'],
		clients
	};
}
