import { describe, expect, it } from 'vitest';
import {
	formatCalendarDay,
	formatDateTime,
	formatDay,
	instantToLocalInput,
	localInputToInstant,
	offsetAt,
	parseWallTime,
	wallTimeToInstant
} from './time-zone';

const ROME = 'Europe/Rome';

describe('parseWallTime', () => {
	it('reads what a datetime-local input sends, with or without seconds', () => {
		expect(parseWallTime('2026-03-29T18:30')).toEqual({
			year: 2026,
			month: 3,
			day: 29,
			hour: 18,
			minute: 30
		});
		expect(parseWallTime('2026-03-29T18:30:15')).toMatchObject({ hour: 18, minute: 30 });
	});

	it('refuses dates that do not exist and text that is not a date', () => {
		for (const bad of [
			'',
			'2026-02-29T10:00',
			'2026-13-01T10:00',
			'2026-04-31T10:00',
			'2026-04-01T24:00',
			'2026-04-01T10:60',
			'2026-04-01 10:00x',
			'1999-12-31T23:59',
			'29/03/2026 18:30',
			"2026-03-29T18:30' or 1=1"
		]) {
			expect(parseWallTime(bad)).toBeNull();
		}
		expect(parseWallTime('2028-02-29T10:00')).not.toBeNull();
	});
});

describe('wall times in a time zone', () => {
	it('knows Milan is one hour ahead of UTC in winter and two in summer', () => {
		expect(offsetAt(Date.UTC(2026, 0, 15, 12), ROME)).toBe(60 * 60 * 1000);
		expect(offsetAt(Date.UTC(2026, 6, 15, 12), ROME)).toBe(2 * 60 * 60 * 1000);
	});

	it('turns an evening in Milan into the right instant in winter and in summer', () => {
		expect(localInputToInstant('2026-01-15T18:30', ROME)?.toISOString()).toBe(
			'2026-01-15T17:30:00.000Z'
		);
		expect(localInputToInstant('2026-07-15T18:30', ROME)?.toISOString()).toBe(
			'2026-07-15T16:30:00.000Z'
		);
	});

	it('handles zones far from Milan, including half-hour offsets', () => {
		expect(localInputToInstant('2026-07-15T09:00', 'America/New_York')?.toISOString()).toBe(
			'2026-07-15T13:00:00.000Z'
		);
		expect(localInputToInstant('2026-01-15T09:00', 'Asia/Kolkata')?.toISOString()).toBe(
			'2026-01-15T03:30:00.000Z'
		);
		expect(localInputToInstant('2026-01-15T09:00', 'UTC')?.toISOString()).toBe(
			'2026-01-15T09:00:00.000Z'
		);
	});

	it('moves a time that never happens (the spring-forward hour) forward by the gap', () => {
		// 29 March 2026: Milan's clocks jump from 02:00 to 03:00.
		const instant = wallTimeToInstant({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, ROME);
		expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(instantToLocalInput(instant, ROME)).toBe('2026-03-29T03:30');
	});

	it('takes the first of a time that happens twice (the autumn hour)', () => {
		// 25 October 2026: Milan's clocks go back from 03:00 to 02:00, so 02:30 happens twice.
		const instant = localInputToInstant('2026-10-25T02:30', ROME);
		expect(instant?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
	});

	it('round-trips every half hour of a year back to the same input text', () => {
		for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60 * 1000) {
			const text = instantToLocalInput(new Date(t), ROME);
			const back = localInputToInstant(text, ROME)!;
			expect(instantToLocalInput(back, ROME)).toBe(text);
		}
	});

	it('returns null for input that is not a time', () => {
		expect(localInputToInstant('tomorrow evening', ROME)).toBeNull();
	});
});

describe('formatDateTime', () => {
	it('writes the date in the reader’s language and the library’s zone', () => {
		const instant = new Date('2026-07-15T16:30:00Z');
		expect(formatDateTime(instant, 'it', ROME)).toMatch(/15 luglio 2026.*18:30/);
		expect(formatDateTime(instant, 'en', ROME)).toMatch(/15 July 2026.*18:30/);
	});

	it('spells the weekday out for residents', () => {
		const evening = new Date('2026-11-26T17:30:00Z'); // 18:30 in Milan (CET)
		expect(formatDateTime(evening, 'it', ROME, 'long')).toContain('giovedì 26 novembre 2026');
		expect(formatDateTime(evening, 'en', ROME, 'long')).toContain('Thursday, 26 November 2026');
	});

	it('follows the time zone it is given, not the machine it runs on', () => {
		expect(formatDateTime(new Date('2026-11-26T17:30:00Z'), 'en', 'UTC')).toContain('17:30');
	});
});

describe('formatDay and formatCalendarDay', () => {
	it('writes the day of an instant as it is on the library’s calendar', () => {
		// 23:30 UTC on 31 December is already 1 January in Milan.
		const instant = new Date('2026-12-31T23:30:00Z');
		expect(formatDay(instant, 'it', ROME)).toBe('1 gennaio 2027');
		expect(formatDay(instant, 'en', 'UTC')).toBe('31 December 2026');
	});

	it('writes a day in words in each of the residents’ five languages', () => {
		// A comment written at 10:00 in Milan on 14 March 2026, as elderly readers expect to see it.
		const instant = new Date('2026-03-14T09:00:00Z');
		expect(formatDay(instant, 'it', ROME)).toBe('14 marzo 2026');
		expect(formatDay(instant, 'en', ROME)).toBe('14 March 2026');
		expect(formatDay(instant, 'es', ROME)).toBe('14 de marzo de 2026');
		expect(formatDay(instant, 'ar', ROME)).toMatch(/^(14|١٤) مارس (2026|٢٠٢٦)$/);
		expect(formatDay(instant, 'zh', ROME)).toBe('2026年3月14日');
	});

	it('writes a calendar day as it is, whatever the zone of the machine', () => {
		expect(formatCalendarDay('2027-03-01', 'it')).toBe('1 marzo 2027');
		expect(formatCalendarDay('2027-03-01', 'en')).toBe('1 March 2027');
		expect(formatCalendarDay('not a day', 'en')).toBe('not a day');
	});
});
