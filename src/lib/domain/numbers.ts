/**
 * Numbers for people to read, in their language's digits and separators ("1.234" in Italian,
 * "1,234" in English). Formatters are kept per locale: making one costs far more than using one,
 * and the countdown formats four times a second.
 */

const integers = new Map<string, Intl.NumberFormat>();
const twoDigits = new Map<string, Intl.NumberFormat>();

function cached(
	map: Map<string, Intl.NumberFormat>,
	locale: string,
	options: Intl.NumberFormatOptions
): Intl.NumberFormat {
	let made = map.get(locale);
	if (!made) {
		made = new Intl.NumberFormat(locale, options);
		map.set(locale, made);
	}
	return made;
}

/** A count: votes, people, dots. */
export function formatCount(value: number, locale: string): string {
	return cached(integers, locale, { maximumFractionDigits: 0 }).format(value);
}

/** A countdown's minutes and seconds, "4:05", in the locale's digits. */
export function formatClock(totalSeconds: number, locale: string): string {
	const seconds = Math.max(0, Math.floor(totalSeconds));
	const minutes = cached(integers, locale, { maximumFractionDigits: 0 });
	const padded = cached(twoDigits, locale, { minimumIntegerDigits: 2, useGrouping: false });
	return `${minutes.format(Math.floor(seconds / 60))}:${padded.format(seconds % 60)}`;
}
