import type { Measurement, Scenario } from './scenario';
import { SERVER_KINDS } from './wire';
import type { ServerKind } from './wire';

export type Results = Record<string, Record<ServerKind, Measurement[]>>;

export function median(values: number[]): number {
	const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
	if (sorted.length === 0) return NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Piazza's value over the best (lowest) peer's. */
export function ratio(piazza: number, peers: number[]): string {
	const best = Math.min(...peers.filter((v) => !Number.isNaN(v)));
	if (Number.isNaN(piazza) || !Number.isFinite(best)) return '—';
	if (best === 0) return piazza === 0 ? '= (0)' : '∞ (peer 0)';
	const value = piazza / best;
	return `${value < 0.1 ? value.toPrecision(2) : value.toFixed(2)}×`;
}

function format(value: number, digits = 1): string {
	if (Number.isNaN(value)) return '—';
	return value.toFixed(digits);
}

/** One table: a line per metric, the median of the repetitions for each server. */
export function table(scenarios: Scenario[], results: Results, reps: number): string {
	const header = ['metric', ...SERVER_KINDS, 'Piazza / best peer', 'target'];
	const rows: string[][] = [];
	for (const scenario of scenarios) {
		const byKind = results[scenario.name];
		if (!byKind) continue;
		rows.push([`${scenario.title}`, '', '', '', '', '']);
		for (const metric of scenario.metrics) {
			const medians = SERVER_KINDS.map((kind) =>
				median((byKind[kind] ?? []).map((m) => m[metric.key] ?? NaN))
			);
			rows.push([
				`  ${metric.label}`,
				...medians.map((v) => format(v, metric.digits)),
				metric.info ? '' : ratio(medians[0]!, medians.slice(1)),
				metric.target ?? ''
			]);
		}
	}
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
	const line = (cells: string[]) =>
		cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
	return [
		`medians of ${reps} repetition${reps > 1 ? 's' : ''}; lower is better on every line`,
		line(header),
		widths.map((w) => '─'.repeat(w)).join('  '),
		...rows.map((r) => (r.slice(1).every((c) => c === '') ? r[0]! : line(r)))
	].join('\n');
}
