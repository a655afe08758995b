import { COMMENT_MAX, HIDE_REASON_MAX } from '$lib/domain/proposal/residents';
import { m } from '$lib/paraglide/messages';

/**
 * Why a resident's (or a moderator's) request about a proposal was refused, in the request's
 * language: the API's snake_case code and a sentence.
 */
const MESSAGES: Record<string, () => string> = {
	'no-session': () => m.ideas_error_no_session(),
	staff: () => m.ideas_error_staff(),
	'not-participant': () => m.ideas_error_not_participant(),
	forbidden: () => m.ideas_error_forbidden(),
	'not-found': () => m.ideas_error_not_found(),
	'final-stage': () => m.ideas_error_final_stage(),
	'comment-required': () => m.ideas_error_comment_required(),
	'comment-too-long': () => m.ideas_error_comment_too_long({ max: COMMENT_MAX }),
	'comment-forbidden-characters': () => m.ideas_error_comment_characters(),
	'hide-reason-required': () => m.ideas_error_hide_reason_required(),
	'hide-reason-too-long': () => m.ideas_error_hide_reason_too_long({ max: HIDE_REASON_MAX }),
	'hide-reason-forbidden-characters': () => m.ideas_error_hide_reason_characters()
};

export function residentError(code: string): { error: string; message: string } {
	const message = (MESSAGES[code] ?? MESSAGES.forbidden!)();
	return { error: code.replaceAll('-', '_'), message };
}
