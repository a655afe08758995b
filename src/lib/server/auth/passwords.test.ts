import * as argon2 from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './passwords';

// The real argon2, observed: how many verifications a sign-in costs is the point, not its timing.
vi.mock('@node-rs/argon2', async (importOriginal) => {
	const real = await importOriginal<typeof import('@node-rs/argon2')>();
	return { ...real, verify: vi.fn(real.verify) };
});

describe('verifyPassword', () => {
	it('accepts the right password and refuses a wrong one', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash).toMatch(/^\$argon2id\$/);
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
	});

	it('does one full argon2id verification for an unknown account too, and says no', async () => {
		const verify = vi.mocked(argon2.verify);
		verify.mockClear();
		// Even the decoy's own password must not open an account that does not exist.
		expect(await verifyPassword(null, 'piazza-decoy-password')).toBe(false);
		expect(await verifyPassword(null, 'anything')).toBe(false);
		expect(verify).toHaveBeenCalledTimes(2);
		for (const [hash] of verify.mock.calls) expect(hash).toMatch(/^\$argon2id\$.*m=19456,t=2/);
	});

	it('says no, without throwing, for a damaged stored hash', async () => {
		expect(await verifyPassword('not-a-phc-string', 'x')).toBe(false);
	});
});

describe('passwordProblem', () => {
	it('asks for at least 10 characters and refuses absurd lengths', () => {
		expect(passwordProblem('123456789')).toBe('too-short');
		expect(passwordProblem('1234567890')).toBeNull();
		expect(passwordProblem('x'.repeat(257))).toBe('too-long');
	});
});
