// `npm run bench -- --only scale-out`: Piazza on two instances sharing one board through Redis
// (README, "Several instances") against one instance with half the clients. No reference server
// has a scale-out of its own to compare with, so this is a run of its own, like the review bench.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { LightClient, openMany } from './lib/client';
import { sleep } from './lib/clock';
import * as histogram from './lib/histogram';
import * as piazzaData from './lib/piazza';
import type { Session } from './lib/piazza';
import { median } from './lib/report';
import { launch } from './lib/servers';
import type { RunningServer } from './lib/servers';
import { MESSAGE } from './lib/wire';
import { WorkerPool } from './lib/workers';
import { drain, write } from './scenarios/fan-out';

/** The shape: 1,000 receivers over two instances, against one instance with 500. */
const WRITERS = 10;
const RATE = 10;
const SECONDS = 10;

type Shape = 'two' | 'one' | 'full';

interface Line {
	p50: number;
	p99: number;
	lost: number;
	/** Summed over the instances. */
	cpu: number;
}

/**
 * One measurement: `receivers` clients on one board spread evenly over `servers`, and WRITERS
 * writers spread the same way, each adding RATE notes a second for `seconds`. A receiver counts an
 * edit from any instance: with two, half the edits reach it through Redis.
 */
async function measure(
	pool: WorkerPool,
	servers: RunningServer[],
	sessions: Session[],
	boardId: string,
	receivers: number,
	seconds: number
): Promise<Line> {
	const docName = `board:${boardId}`;
	const writers: LightClient[] = [];
	try {
		const targets = Array.from({ length: receivers }, (_, i) =>
			servers[i % servers.length]!.target(docName, sessions[(WRITERS + i) % sessions.length]!.token)
		);
		await pool.open('receive', targets, {
			writers: WRITERS,
			maxSeq: RATE * seconds + 1,
			parallel: 25
		});
		let denied = 0;
		writers.push(
			...(await openMany(
				WRITERS,
				(i) =>
					new LightClient(servers[i % servers.length]!.target(docName, sessions[i]!.token), {
						onFrame: (frame) => {
							if (frame[0] === MESSAGE.auth) denied++;
						}
					})
			))
		);
		await sleep(1000);
		await pool.all({ cmd: 'arm' });
		const cpuBefore = servers.map((s) => s.cpuSeconds());
		const sent = await write(writers, sessions.slice(0, WRITERS), { rate: RATE, seconds });
		const expected = sent * receivers;
		await drain({ pool }, expected);
		const cpu = servers.reduce((sum, s, i) => sum + s.cpuSeconds() - cpuBefore[i]!, 0);
		const reports = await pool.reports();
		const latency = histogram.create();
		for (const r of reports) histogram.merge(latency, r.latency);
		const received = reports.reduce((sum, r) => sum + r.received, 0);
		if (denied > 0) console.log(`  ${denied} edits refused (permission denied)`);
		return {
			p50: histogram.quantile(latency, 0.5),
			p99: histogram.quantile(latency, 0.99),
			lost: expected - received,
			cpu
		};
	} finally {
		await Promise.all(writers.map((w) => w.close()));
		await pool.close();
	}
}

export async function runScaleOutBench(options: {
	databaseUrl?: string;
	redisUrl?: string;
	reps: number;
	quick: boolean;
	workers: number;
	/** Receivers over the two instances (the single instance gets half). */
	clients?: number;
}) {
	const adminUrl =
		options.databaseUrl ??
		process.env.BENCH_DATABASE_URL ??
		'postgres://postgres@127.0.0.1:5432/test';
	const redisUrl = options.redisUrl ?? process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
	const total = options.clients ?? (options.quick ? 100 : 1000);
	const seconds = options.quick ? 3 : SECONDS;
	const half = Math.round(total / 2);
	const startedAt = new Date();
	const label = (shape: Shape) =>
		shape === 'two' ? `two instances, ${total}` : `one instance, ${shape === 'one' ? half : total}`;
	const loadBefore = os.loadavg();
	console.log(
		`Scale-out bench: ${total} receivers on two instances (Redis ${new URL(redisUrl).host}) ` +
			`against ${half} on one; PostgreSQL at ${new URL(adminUrl).host}; ` +
			`${options.reps} rep(s); load average ${os
				.loadavg()
				.map((l) => l.toFixed(2))
				.join(' ')}`
	);
	// A database of its own: several instances need PostgreSQL (PGlite belongs to one process).
	const name = `piazza_bench_${randomBytes(5).toString('hex')}`;
	const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
	await admin.unsafe(`create database "${name}"`);
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const pool = new WorkerPool(options.workers);
	const piazza = await piazzaData.prepare({
		boards: options.reps * 3,
		sessions: total + WRITERS,
		databaseUrl: url.toString()
	});
	// `full`: one instance with all the receivers, what the second instance is there to relieve.
	const lines: Record<Shape, Line[]> = { two: [], one: [], full: [] };
	const order: Shape[][] = [
		['two', 'one', 'full'],
		['one', 'full', 'two'],
		['full', 'two', 'one']
	];
	try {
		for (let rep = 0; rep < options.reps; rep++) {
			// Alternate which runs first, as the main bench rotates its servers.
			for (const shape of order[rep % order.length]!) {
				const count = shape === 'two' ? 2 : 1;
				// Channels of this run only: another Piazza on the same Redis is not disturbed.
				const prefix = `piazza-bench-${randomBytes(4).toString('hex')}`;
				const env =
					shape === 'two'
						? { ...piazza.env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix }
						: piazza.env;
				const servers: RunningServer[] = [];
				try {
					for (let i = 0; i < count; i++) servers.push(await launch('piazza', { env }));
					const line = await measure(
						pool,
						servers,
						piazza.sessions,
						piazza.takeBoard(),
						shape === 'one' ? half : total,
						seconds
					);
					lines[shape].push(line);
					console.log(
						`  rep ${rep + 1} ${label(shape)} receivers: ` +
							`p50 ${line.p50.toFixed(1)} ms, p99 ${line.p99.toFixed(1)} ms, lost ${line.lost}, CPU ${line.cpu.toFixed(2)} s`
					);
				} finally {
					await Promise.all(servers.map((s) => s.stop()));
				}
			}
		}
	} finally {
		pool.stop();
		piazza.cleanup();
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.end();
	}
	const m = (shape: Shape, key: keyof Line) => median(lines[shape].map((l) => l[key]));
	const rows: [string, number, number, number, number][] = (
		['p50', 'p99', 'lost', 'cpu'] as const
	).map((key) => [
		{
			p50: 'p50 delivery, ms',
			p99: 'p99 delivery, ms',
			lost: 'lost edits',
			cpu: 'server CPU, s (all instances)'
		}[key],
		m('two', key),
		m('one', key),
		m('full', key),
		m('two', key) / m('one', key)
	]);
	const header = ['metric', label('two'), label('one'), label('full'), 'two / one'];
	const cells = rows.map(([name, two, one, full, ratio]) => [
		name,
		two.toFixed(name.startsWith('lost') ? 0 : 1),
		one.toFixed(name.startsWith('lost') ? 0 : 1),
		full.toFixed(name.startsWith('lost') ? 0 : 1),
		Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : two === 0 && one === 0 ? '= (0)' : '—'
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
	const line = (c: string[]) =>
		c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
	const table = [
		`scale-out: ${WRITERS} writers × ${RATE}/s × ${seconds} s on one board; medians of ${options.reps}`,
		line(header),
		widths.map((w) => '─'.repeat(w)).join('  '),
		...cells.map(line)
	];
	const loadAfter = os.loadavg();
	console.log(
		[
			'',
			...table,
			'',
			'· scale-out: the same fan-out measure as fan-out-500 (receive time − send time in the note, ' +
				'over every (receiver, edit) pair; lost = edits × receivers − pairs seen), with receivers ' +
				'and writers alternating between the instances, so half of what each receiver gets crossed ' +
				'Redis. Target: p99 ratio near 1× at twice the clients, 0 lost. The third column, one ' +
				'instance with every receiver, is what the second instance is there to relieve; on a ' +
				'machine whose cores are shared by the instances, the clients and Redis, expect the ' +
				'ratio to measure the shared cores as much as Redis.'
		].join('\n')
	);
	// Kept beside the main bench's results, so that the trend can be read across runs.
	const file = path.join(
		'bench',
		'results',
		`scale-out-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`
	);
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(
		file,
		JSON.stringify(
			{
				startedAt: startedAt.toISOString(),
				shape: {
					writers: WRITERS,
					rate: RATE,
					seconds,
					receivers: { two: total, one: half, full: total }
				},
				machine: { cpus: os.availableParallelism(), loadBefore, loadAfter, node: process.version },
				lines,
				table: table.join('\n')
			},
			null,
			'\t'
		)
	);
	console.log(`Results: ${file}`);
	return { total, half, lines };
}
