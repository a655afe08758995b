import { error } from '@sveltejs/kit';
import { NICKNAME_MAX } from '$lib/domain/nickname';
import type { NicknameProblem } from '$lib/domain/nickname';
import { tooManyAttempts } from '$lib/i18n/retry';
import { m } from '$lib/paraglide/messages';
import type { JoinResult, LookupFailure } from '$lib/server/workshops/join';

/**
 * What a failed join means for the person, in the request's (or page's) language: the JSON error of
 * the API and the error pages of the join flow say the same thing. Safe in the browser too.
 */

/** Exactly what is wrong with a nickname. */
export function nicknameProblemMessage(problem: NicknameProblem): string {
	switch (problem) {
		case 'empty':
			return m.resident_name_empty();
		case 'not-text':
			return m.resident_name_not_text();
		case 'too-long':
			return m.resident_name_too_long({ max: NICKNAME_MAX });
		case 'forbidden-characters':
			return m.resident_name_forbidden();
	}
}

export interface JoinFailure {
	status: 400 | 404 | 410 | 429;
	/** Stable machine code of the JSON error body. */
	error: 'bad_name' | 'unknown_code' | 'workshop_closed' | 'rate_limited' | 'busy';
	message: string;
	/** Seconds to wait, for the Retry-After header of a 429. */
	retryAfter?: number;
}

export function joinFailure(result: Extract<JoinResult, { ok: false }>): JoinFailure {
	switch (result.reason) {
		case 'bad-name':
			return { status: 400, error: 'bad_name', message: nicknameProblemMessage(result.problem) };
		case 'unknown-code':
			return { status: 404, error: 'unknown_code', message: m.resident_error_unknown_code() };
		case 'closed':
			return {
				status: 410,
				error: 'workshop_closed',
				message: m.resident_error_workshop_closed()
			};
		case 'rate-limited':
			return {
				status: 429,
				error: 'rate_limited',
				message: tooManyAttempts(result.retryAfter),
				retryAfter: result.retryAfter
			};
		case 'busy':
			// Not this person's doing: a crowd is joining this workshop right now.
			return {
				status: 429,
				error: 'busy',
				message: m.resident_error_busy(),
				retryAfter: result.retryAfter
			};
	}
}

/**
 * Ends a page load or form action that could not find an open workshop with the error page that
 * explains it (see `(resident)/+error.svelte`): not found, ended, or too many attempts.
 */
export function throwLookupFailure(result: LookupFailure): never {
	const failure = joinFailure(result);
	error(failure.status, {
		message: failure.message,
		code: failure.error,
		workshop: result.reason === 'closed' ? result.workshop : undefined
	});
}
