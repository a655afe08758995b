import { describe, expect, it } from 'vitest';
import { overwriteGetLocale } from '$lib/paraglide/runtime';
import { tooManyAttempts } from './retry';

describe('tooManyAttempts', () => {
	it('says the wait as a person would, in Italian and in English', () => {
		overwriteGetLocale(() => 'it');
		expect(tooManyAttempts(1)).toBe('Troppi tentativi. Riprova tra un attimo.');
		expect(tooManyAttempts(42)).toBe('Troppi tentativi. Riprova tra 42 secondi.');
		expect(tooManyAttempts(900)).toBe('Troppi tentativi. Riprova tra 15 minuti.');
		overwriteGetLocale(() => 'en');
		expect(tooManyAttempts(61)).toBe('Too many attempts. Try again in 61 seconds.');
		expect(tooManyAttempts(899)).toBe('Too many attempts. Try again in 15 minutes.');
	});
});
