import type { ControlCode } from '$lib/domain/workshop/control';
import { m } from '$lib/paraglide/messages';
import { controlProblemMessage } from './control-failures';

/** Codes of a refused agenda change (server/workshops/agenda.ts `AgendaCode`), repeated for the browser. */
export type AgendaFailureCode =
	| 'forbidden'
	| 'not-found'
	| 'unknown-template'
	| 'unknown-kind'
	| 'invalid-prompt'
	| 'invalid-vote-on'
	| 'agenda-not-empty'
	| ControlCode;

/**
 * What a refused agenda change means, in the page's language. `adding`: the refusal answers the
 * add-activity form, whose board choice is what to fix.
 */
export function agendaProblemMessage(code: AgendaFailureCode, adding = false): string {
	switch (code) {
		case 'forbidden':
			return m.staff_control_error_forbidden();
		case 'not-found':
			return m.error_not_found();
		case 'unknown-template':
			return m.staff_agenda_error_unknown_template();
		case 'unknown-kind':
			return m.staff_agenda_error_unknown_kind();
		case 'invalid-prompt':
			return m.staff_agenda_error_invalid_prompt();
		case 'invalid-vote-on':
			return m.staff_agenda_error_invalid_vote_on();
		case 'agenda-not-empty':
			return m.staff_agenda_error_not_empty();
		default:
			if (code === 'needs-earlier-board' && adding) return m.staff_agenda_error_needs_board();
			return controlProblemMessage(code);
	}
}
