import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes), as in Lucia's guide.
const OPTIONS = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 } as const;

export const MIN_LENGTH = 10;
export const MAX_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

// Verified against when the email is unknown, so both answers cost the same time (no user enumeration).
let decoy: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; with no hash, spends the same time and says false. */
export async function verifyPassword(passwordHash: string | null, password: string) {
	decoy ??= hashPassword('piazza-decoy-password');
	const target = passwordHash ?? (await decoy);
	try {
		const ok = await verify(target, password);
		return passwordHash !== null && ok;
	} catch {
		return false;
	}
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'too-short' | 'too-long' | null {
	if ([...password].length < MIN_LENGTH) return 'too-short';
	if (password.length > MAX_LENGTH) return 'too-long';
	return null;
}
