/**
 * A latency histogram with logarithmic buckets 1 % wide, so that hundreds of thousands of samples
 * travel between processes as a couple of thousand counters, and percentiles keep 1 % precision.
 */
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
/** Samples are kept in microseconds; bucket 0 holds everything up to 1 µs. */
const BUCKETS = Math.ceil(Math.log(600e6) / LOG_GROWTH) + 1; // up to 10 minutes

export type Counts = number[];

export function create(): Counts {
	return new Array<number>(BUCKETS).fill(0);
}

export function record(counts: Counts, ms: number) {
	const us = Math.max(1, ms * 1000);
	const index = Math.min(BUCKETS - 1, Math.ceil(Math.log(us) / LOG_GROWTH));
	counts[index]!++;
}

export function merge(into: Counts, from: Counts) {
	for (let i = 0; i < from.length; i++) into[i]! += from[i]!;
}

export function total(counts: Counts): number {
	let sum = 0;
	for (const c of counts) sum += c;
	return sum;
}

/** The `q` quantile (0-1) in milliseconds, as its bucket's upper edge; NaN without samples. */
export function quantile(counts: Counts, q: number): number {
	const n = total(counts);
	if (n === 0) return NaN;
	const rank = Math.ceil(q * n);
	let seen = 0;
	for (let i = 0; i < counts.length; i++) {
		seen += counts[i]!;
		if (seen >= rank) return GROWTH ** i / 1000;
	}
	return NaN;
}
