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

describe('email notifications', () => {
	it('are off without SMTP_URL, and the app starts all the same', () => {
		expect(readConfig({}).notifications).toEqual({ smtpUrl: null, from: '', origin: null });
	});

	it('read SMTP_URL, ORIGIN and a From derived from the origin', () => {
		expect(
			readConfig({
				SMTP_URL: 'smtp://u:p@mail.example.org:587',
				ORIGIN: 'https://piazza.example.org/'
			}).notifications
		).toEqual({
			smtpUrl: 'smtp://u:p@mail.example.org:587',
			from: 'Piazza <piazza@piazza.example.org>',
			origin: 'https://piazza.example.org'
		});
		expect(
			readConfig({
				SMTP_URL: 'smtps://mail.example.org',
				ORIGIN: 'https://piazza.example.org',
				SMTP_FROM: 'Biblioteche <avvisi@comune.example.org>'
			}).notifications.from
		).toBe('Biblioteche <avvisi@comune.example.org>');
	});

	it('refuse a URL that is not SMTP, SMTP without ORIGIN, and a From that could add headers', () => {
		const origin = 'https://piazza.example.org';
		expect(() => readConfig({ SMTP_URL: 'http://mail.example.org', ORIGIN: origin })).toThrow(
			/SMTP_URL must look like/
		);
		expect(() => readConfig({ SMTP_URL: 'not a url', ORIGIN: origin })).toThrow(ConfigError);
		expect(() => readConfig({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(/needs ORIGIN/);
		expect(() =>
			readConfig({
				SMTP_URL: 'smtp://mail.example.org',
				ORIGIN: origin,
				SMTP_FROM: 'a@example.org\r\nBcc: b@example.org'
			})
		).toThrow(/SMTP_FROM/);
		expect(() => readConfig({ ORIGIN: 'piazza.example.org' })).toThrow(/ORIGIN must be/);
	});
});

describe('readConfig: flood guards and the sign-in audit', () => {
	it('allows 120 taps a minute per session, 30 exports a minute per person, and keeps the audit 90 days', () => {
		expect(readConfig({}).limits).toMatchObject({
			votesPerSessionPerMinute: 120,
			exportsPerMinute: 30,
			signInAuditDays: 90
		});
	});

	it('reads each from its environment variable, refusing what is not a positive whole number', () => {
		expect(
			readConfig({
				VOTES_PER_SESSION_PER_MINUTE: '60',
				EXPORTS_PER_MINUTE: '5',
				SIGN_IN_AUDIT_DAYS: '30'
			}).limits
		).toMatchObject({ votesPerSessionPerMinute: 60, exportsPerMinute: 5, signInAuditDays: 30 });
		expect(() => readConfig({ EXPORTS_PER_MINUTE: '-1' })).toThrow(/EXPORTS_PER_MINUTE/);
	});
});

describe('readConfig: privacy', () => {
	it('keeps residents’ personal fields for 365 days unless PARTICIPANT_RETENTION_DAYS says otherwise', () => {
		expect(readConfig({}).privacy.retentionDays).toBe(365);
		expect(readConfig({ PARTICIPANT_RETENTION_DAYS: '90' }).privacy.retentionDays).toBe(90);
		expect(() => readConfig({ PARTICIPANT_RETENTION_DAYS: '-1' })).toThrow(
			/PARTICIPANT_RETENTION_DAYS/
		);
	});
});

describe('several instances (REDIS_URL)', () => {
	const postgres = 'postgres://piazza@db.example.org/piazza';

	it('runs one process alone without REDIS_URL', () => {
		expect(readConfig({}).redisUrl).toBeNull();
	});

	it('reads REDIS_URL and the channel prefix, piazza by default', () => {
		const config = readConfig({ DATABASE_URL: postgres, REDIS_URL: 'redis://cache:6379' });
		expect(config).toMatchObject({ redisUrl: 'redis://cache:6379', redisPrefix: 'piazza' });
		expect(
			readConfig({ DATABASE_URL: postgres, REDIS_URL: 'rediss://c', REDIS_PREFIX: 'milano' })
				.redisPrefix
		).toBe('milano');
	});

	it('refuses REDIS_URL on embedded PGlite, which one process alone may open', () => {
		expect(() => readConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(
			/REDIS_URL is set but DATABASE_URL is not/
		);
	});

	it('refuses a REDIS_URL that is not a Redis address, and a prefix with spaces', () => {
		expect(() => readConfig({ DATABASE_URL: postgres, REDIS_URL: 'http://cache' })).toThrow(
			ConfigError
		);
		expect(() =>
			readConfig({ DATABASE_URL: postgres, REDIS_URL: 'redis://c', REDIS_PREFIX: 'a b' })
		).toThrow(/REDIS_PREFIX/);
	});
});
