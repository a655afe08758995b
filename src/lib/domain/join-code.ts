/**
 * Join codes: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L), so a code read off
 * a projector or dictated across a room is typed right. 31^6 ≈ 887 million codes.
 */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

const VALID = new RegExp(`^[${JOIN_CODE_ALPHABET}]{${JOIN_CODE_LENGTH}}$`);

/** A new random code. `randomInt(n)` must be a cryptographic source returning 0 ≤ x < n. */
export function generateJoinCode(randomInt: (n: number) => number): string {
	let code = '';
	for (let i = 0; i < JOIN_CODE_LENGTH; i++) {
		code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	}
	return code;
}

/**
 * What the person meant: case-insensitive, spaces and dashes ignored ("casa 42", "cas-a42").
 * Returns null when it cannot be a code, so that no lookup is spent on it.
 */
export function normaliseJoinCode(input: string): string | null {
	const code = input
		.normalize('NFKC')
		.replace(/[\s\-_.]/g, '')
		.toUpperCase();
	return VALID.test(code) ? code : null;
}
