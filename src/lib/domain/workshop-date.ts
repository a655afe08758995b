/**
 * When a workshop starts, as residents read it on the waiting page: weekday, day, month, year and
 * time, in the workshop's time zone (not the phone's, not the server's).
 */
export function formatWorkshopDate(date: Date, locale: string, timeZone: string): string {
	return new Intl.DateTimeFormat(locale === 'it' ? 'it-IT' : 'en-GB', {
		weekday: 'long',
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		timeZone
	}).format(date);
}
