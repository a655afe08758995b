/**
 * Whether a string is a UUID in its canonical textual form. Ids from URLs are checked before they
 * reach a query: PostgreSQL answers a malformed uuid with an error, not with "no such row".
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(input: string): boolean {
	return UUID.test(input);
}
