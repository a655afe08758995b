import { instantToLocalInput } from '../time-zone';

/**
 * The period a participation view covers when nobody chose one: the last twelve months up to
 * today, in the library's time zone (a report asked for on 1 March covers 2 March to 1 March).
 */
export function lastYear(now: Date, timeZone: string): { from: string; to: string } {
	const to = instantToLocalInput(now, timeZone).slice(0, 10);
	const [year, month, day] = to.split('-').map(Number) as [number, number, number];
	// A year before 29 February is 28 February: clamp to the month's last day, then step one on.
	const lastDay = new Date(Date.UTC(year - 1, month, 0)).getUTCDate();
	const start = new Date(Date.UTC(year - 1, month - 1, Math.min(day, lastDay) + 1));
	return { from: start.toISOString().slice(0, 10), to };
}
