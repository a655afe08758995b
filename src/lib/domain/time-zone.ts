/**
 * Wall-clock times in a named time zone, with nothing but Intl. Staff type a workshop's date and time
 * as they read it on the library's clock (`<input type="datetime-local">` has no zone), and the
 * server must store the instant: "18:30 on 29 March in Milan", not 18:30 in the server's zone.
 */

/** A date and time as read on a wall clock, with no zone. Months count from 1. */
export interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** The first and last years a workshop may be scheduled in; anything else is a typing slip. */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

/**
 * Reads the value of a `datetime-local` input ("2026-03-29T18:30"; seconds, if any, are dropped).
 * Returns null for anything that is not a real calendar date and time.
 */
export function parseWallTime(input: string): WallTime | null {
	const match = LOCAL_PATTERN.exec(input.trim());
	if (!match) return null;
	const [year, month, day, hour, minute] = match.slice(1, 6).map(Number) as [
		number,
		number,
		number,
		number,
		number
	];
	if (year < YEAR_MIN || year > YEAR_MAX) return null;
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || day < 1) return null;
	// Day 0 of the next month is the last day of this one.
	if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
	return { year, month, day, hour, minute };
}

// One formatter per zone: building an Intl.DateTimeFormat is costly, reusing one is cheap.
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** The wall time (to the second) shown in `timeZone` at an instant, as milliseconds "as if UTC". */
function wallClockAt(instant: number, timeZone: string): number {
	const parts: Record<string, number> = {};
	for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	}
	return Date.UTC(
		parts.year!,
		parts.month! - 1,
		parts.day!,
		parts.hour! % 24,
		parts.minute!,
		parts.second!
	);
}

/** How far `timeZone` is ahead of UTC at an instant, in milliseconds. */
export function offsetAt(instant: number, timeZone: string): number {
	const whole = Math.floor(instant / 1000) * 1000;
	return wallClockAt(whole, timeZone) - whole;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The instant at which the clocks of `timeZone` show `wall`. Around a daylight-saving change it
 * decides as Temporal's "compatible" disambiguation (and calendar apps) do: a time that happens
 * twice (autumn) is the first one; a time that never happens (spring) is moved forward by the gap,
 * so 02:30 on the spring-forward night in Milan becomes 03:30 summer time.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
	const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
	// Real zones change offset at most once within a day, so the offsets a day before and a day
	// after are the only candidates.
	const before = offsetAt(asUtc - DAY, timeZone);
	const after = offsetAt(asUtc + DAY, timeZone);
	const candidates = [asUtc - before, asUtc - after].filter(
		(instant) => wallClockAt(instant, timeZone) === asUtc
	);
	if (candidates.length === 0) return new Date(asUtc - before); // in the gap: move forward
	return new Date(Math.min(...candidates));
}

/** `datetime-local` text in a zone to the instant, or null when the text is not a valid time. */
export function localInputToInstant(input: string, timeZone: string): Date | null {
	const wall = parseWallTime(input);
	return wall ? wallTimeToInstant(wall, timeZone) : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value for a `datetime-local` input showing `instant` on the clocks of `timeZone`. */
export function instantToLocalInput(instant: Date, timeZone: string): string {
	const wall = new Date(wallClockAt(instant.getTime(), timeZone));
	return (
		`${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
		`T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
	);
}

/**
 * A date and time for people to read, in their language and the library's time zone (not the
 * phone's, not the server's). English is written the European way (day month, 24-hour clock).
 * Residents get the weekday in full; staff lists use the short form.
 */
export function formatDateTime(
	instant: Date,
	locale: string,
	timeZone: string,
	weekday: 'long' | 'short' = 'short'
): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
		timeZone,
		weekday,
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(instant);
}

/** A day for people to read ("3 marzo 2027"), in their language and the library's time zone. */
export function formatDay(instant: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, {
		timeZone,
		day: 'numeric',
		month: 'long',
		year: 'numeric'
	}).format(instant);
}

/**
 * A calendar day written `YYYY-MM-DD` (a pilot's first or last day) for people to read. It is a day
 * on the library's calendar, not an instant: it is read and written in UTC so that no zone moves it.
 */
export function formatCalendarDay(day: string, locale: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return day;
	const [year, month, date] = match.slice(1).map(Number) as [number, number, number];
	return formatDay(new Date(Date.UTC(year, month - 1, date)), locale, 'UTC');
}
