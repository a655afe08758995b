// `npm run bench`: Piazza's live-document server side by side with @y/websocket-server and
// @hocuspocus/server, driven by the same light clients, one table of medians and ratios.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parse } from './lib/options';
import * as piazzaData from './lib/piazza';
import { table } from './lib/report';
import type { Results } from './lib/report';
import type { Context, Measurement, Scenario } from './lib/scenario';
import { launch } from './lib/servers';
import { SERVER_KINDS } from './lib/wire';
import type { ServerKind } from './lib/wire';
import { WorkerPool } from './lib/workers';
import { scenarios as allScenarios } from './scenarios/index';
import { runReviewBench } from './review';
import { runPhoneBench } from './phone';
import { runScaleOutBench } from './scale-out';

const options = parse(process.argv.slice(2));
// The managers' ranked list has no reference server to compare with: a run of its own.
if (options.only.includes('review')) {
	await runReviewBench({ databaseUrl: options.databaseUrl, reps: options.reps });
	if (options.only.length === 1) process.exit(0);
	options.only = options.only.filter((o) => o !== 'review');
}
// An old phone on slow 4G against the production build (issue 9): a run of its own too, alone
// with `--only phone`; a full run leaves it out (Chromium throttled for minutes is not a ratio).
if (options.only.includes('phone')) {
	await runPhoneBench({ reps: options.reps });
	if (options.only.length === 1) process.exit(0);
	options.only = options.only.filter((o) => o !== 'phone');
}
// Several instances through Redis against one: a run of its own too (PostgreSQL and Redis needed),
// alone with `--only scale-out`, after the table in a full run.
const scaleOut = () =>
	runScaleOutBench({
		databaseUrl: options.databaseUrl,
		redisUrl: options.redisUrl,
		reps: options.reps,
		quick: options.quick,
		workers: options.workers,
		clients: options.clients
	});
const fullRun = options.only.length === 0;
if (options.only.includes('scale-out')) {
	await scaleOut();
	if (options.only.length === 1) process.exit(0);
	options.only = options.only.filter((o) => o !== 'scale-out');
}
const chosen = allScenarios(options.quick).filter(
	(s) => options.only.length === 0 || options.only.some((o) => s.name.startsWith(o))
);
if (chosen.length === 0) throw new Error(`no scenario matches --only ${options.only.join(',')}`);

if (options.heapSnapshots) {
	console.log('Heap snapshots on: the RSS lines of idle-memory are not valid in this run.');
}

const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
const startedAt = new Date();
const load = { before: os.loadavg(), cpus: os.availableParallelism() };
console.log(
	`Piazza bench: ${chosen.map((s) => s.name).join(', ')}; ${options.reps} rep(s); ` +
		`${options.workers} client workers; ${load.cpus} CPUs, load average ${load.before.map((l) => l.toFixed(2)).join(' ')}`
);

console.log(
	'Preparing Piazza (database, demo workshop, boards, participants joining via the API)…'
);
const preparing = Date.now();
const piazza = await piazzaData.prepare({
	boards: chosen.reduce((sum, s) => sum + s.boards * options.reps, 0) + 1,
	sessions: Math.max(...chosen.map((s) => s.clients)),
	databaseUrl: options.databaseUrl
});
console.log(
	`  ready in ${((Date.now() - preparing) / 1000).toFixed(1)} s (${piazza.sessions.length} participants)`
);

const pool = new WorkerPool(options.workers);
const context: Context = {
	pool,
	piazza,
	quick: options.quick,
	heapSnapshots: options.heapSnapshots,
	start: (kind, extra = {}) =>
		launch(kind, {
			...extra,
			...(kind === 'piazza'
				? {
						env: piazza.env,
						nodeArgs: options.profile
							? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`]
							: []
					}
				: {})
		}),
	loopDelay: () => ({ p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 }),
	resetLoopDelay: () => loop.reset(),
	log: (line) => console.log(line)
};

const results: Results = {};
try {
	for (const scenario of chosen) {
		console.log(`\n${scenario.title}`);
		const byKind = (results[scenario.name] = {} as Record<ServerKind, Measurement[]>);
		for (let rep = 0; rep < options.reps; rep++) {
			// Alternate the order (A B C, B C A, C A B…) so that no server always runs first or last.
			const order = SERVER_KINDS.map((_, i) => SERVER_KINDS[(i + rep) % SERVER_KINDS.length]!);
			for (const kind of order) {
				const measurement = await measureOnce(scenario, kind);
				(byKind[kind] ??= []).push(measurement);
				console.log(`  rep ${rep + 1} ${kind.padEnd(18)} ${summary(scenario, measurement)}`);
			}
		}
	}
} finally {
	pool.stop();
	piazza.cleanup();
}

const output = table(chosen, results, options.reps);
const loadAfter = os.loadavg();
console.log(`\n${output}\n`);
for (const scenario of chosen) console.log(`· ${scenario.definition}`);
console.log(
	`\nMachine: ${load.cpus} CPUs; load average before ${load.before.map((l) => l.toFixed(2)).join(' ')}, ` +
		`after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (the harness itself adds to it).`
);

const record = {
	commit: gitCommit(),
	startedAt: startedAt.toISOString(),
	finishedAt: new Date().toISOString(),
	options,
	machine: { cpus: load.cpus, loadBefore: load.before, loadAfter, node: process.version },
	scenarios: chosen.map((s) => ({
		name: s.name,
		title: s.title,
		definition: s.definition,
		metrics: s.metrics
	})),
	results,
	table: output
};
const file = path.join('bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, JSON.stringify(record, null, '\t'));
if (options.json) fs.writeFileSync(options.json, JSON.stringify(record, null, '\t'));
console.log(`Results: ${file}${options.json ? ` and ${options.json}` : ''}`);

if (fullRun) {
	console.log('');
	await scaleOut().catch((error: unknown) => {
		console.log(
			`scale-out not measured: ${(error as Error).message} (it needs PostgreSQL, --database-url, ` +
				'and Redis, --redis-url; `--only scale-out` runs it alone)'
		);
	});
}

async function measureOnce(scenario: Scenario, kind: ServerKind): Promise<Measurement> {
	try {
		return await scenario.measure(context, kind);
	} catch (error) {
		console.log(`  ${kind}: failed: ${(error as Error).message}`);
		return {};
	}
}

/** The commit measured (with `+dirty` when the tree has changes), or null outside git. */
function gitCommit(): string | null {
	try {
		const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim();
		return dirty ? `${head}+dirty` : head;
	} catch {
		return null;
	}
}

function summary(scenario: Scenario, m: Measurement): string {
	return scenario.metrics
		.filter((metric) => m[metric.key] !== undefined)
		.map((metric) => `${metric.key} ${m[metric.key]!.toFixed(metric.digits ?? 1)}`)
		.join(', ');
}
