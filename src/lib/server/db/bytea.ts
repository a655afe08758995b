/** PostgreSQL's type id of `bytea`. */
const BYTEA = 17;

/**
 * PGlite's own bytea conversions turn every byte into a string and back (a stored board of 300 KB
 * took 70 ms to read); live documents move bytea on every load and write. Hex text both ways, as
 * PostgreSQL's `bytea_output = hex` gives it, through Buffer's native codec.
 */
function parseBytea(text: string): Uint8Array {
	return Buffer.from(text.slice(2), 'hex');
}
function serializeBytea(value: unknown): string {
	if (!(value instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
	return `\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
}

/** PGlite options installing the codec. */
export const byteaCodec = {
	parsers: { [BYTEA]: parseBytea },
	serializers: { [BYTEA]: serializeBytea }
};
