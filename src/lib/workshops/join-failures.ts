import { NICKNAME_MAX } from '$lib/domain/nickname';
import type { NicknameProblem } from '$lib/domain/nickname';
import { m } from '$lib/paraglide/messages';
import type { JoinResult } from '$lib/server/workshops/join';

/**
 * What a failed join means for the person, in the request's (or page's) language, so that every
 * place that joins says the same thing. Safe in the browser too.
 */

/** Exactly what is wrong with a nickname. */
export function nicknameProblemMessage(problem: NicknameProblem): string {
	switch (problem) {
		case 'empty':
			return m.resident_name_empty();
		case 'too-long':
			return m.resident_name_too_long({ max: NICKNAME_MAX });
		case 'forbidden-characters':
			return m.resident_name_forbidden();
	}
}

export interface JoinFailure {
	status: 400 | 404 | 410 | 429;
	/** Stable machine code of the JSON error body. */
	error: 'bad_name' | 'unknown_code' | 'workshop_closed' | 'rate_limited';
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
		case 'busy':
			return {
				status: 429,
				error: 'rate_limited',
				message: m.error_rate_limited({ seconds: result.retryAfter }),
				retryAfter: result.retryAfter
			};
	}
}
