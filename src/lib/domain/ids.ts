// Ids in URLs and forms are checked before they reach a query: PostgreSQL rejects a malformed uuid
// with an error, which would otherwise surface as a 500 instead of a plain "not found".
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID.test(value);
}
