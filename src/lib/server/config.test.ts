import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config';

describe('readConfig: sign-in limits', () => {
	it('allows 20 failures per address, 5 per account from one network and 100 per account in all', () => {
		const { limits } = readConfig({});
		expect(limits.signInFailuresPerAddress).toBe(20);
		expect(limits.signInFailuresPerAccount).toBe(5);
		expect(limits.signInFailuresPerAccountTotal).toBe(100);
		expect(limits.signInWindowSeconds).toBe(900);
	});

	it('reads each from its environment variable', () => {
		const { limits } = readConfig({
			SIGN_IN_FAILURES_PER_ADDRESS: '30',
			SIGN_IN_FAILURES_PER_ACCOUNT: '4',
			SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL: '250',
			SIGN_IN_FAILURE_WINDOW_SECONDS: '600'
		});
		expect(limits).toMatchObject({
			signInFailuresPerAddress: 30,
			signInFailuresPerAccount: 4,
			signInFailuresPerAccountTotal: 250,
			signInWindowSeconds: 600
		});
	});

	it('keeps the account-wide ceiling at least as high as the per-network allowance', () => {
		expect(readConfig({ SIGN_IN_FAILURES_PER_ACCOUNT: '150' }).limits).toMatchObject({
			signInFailuresPerAccount: 150,
			signInFailuresPerAccountTotal: 150
		});
		expect(() =>
			readConfig({ SIGN_IN_FAILURES_PER_ACCOUNT: '10', SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL: '9' })
		).toThrow(ConfigError);
	});

	it('refuses a limit that is not a positive whole number, naming the variable', () => {
		expect(() => readConfig({ SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL: '0' })).toThrow(
			/SIGN_IN_FAILURES_PER_ACCOUNT_TOTAL must be a positive whole number/
		);
	});
});
