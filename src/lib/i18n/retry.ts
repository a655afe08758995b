import { m } from '$lib/paraglide/messages';

/**
 * "Too many attempts", with the wait said the way people say it: "a moment", seconds, or minutes
 * (a sign-in lockout of 900 s reads "15 minutes"). Safe in the browser and on the server.
 */
export function tooManyAttempts(retryAfterSeconds: number): string {
	if (retryAfterSeconds <= 5) return m.error_rate_limited_moment();
	if (retryAfterSeconds < 120) return m.error_rate_limited({ seconds: retryAfterSeconds });
	return m.error_rate_limited_minutes({ minutes: Math.ceil(retryAfterSeconds / 60) });
}
