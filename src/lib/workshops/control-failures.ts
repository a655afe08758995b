import type { ControlCode } from '$lib/domain/workshop/control';
import { m } from '$lib/paraglide/messages';

/**
 * What a refused facilitator action means, in the request's (or page's) language: the JSON error of
 * `POST /api/workshops/<workshopId>/actions` and, later, the facilitator's screen say the same thing.
 * Safe in the browser too.
 */
export function controlProblemMessage(code: ControlCode, field?: string): string {
	const f = { field: field ?? '' };
	switch (code) {
		case 'not-an-object':
			return m.staff_control_error_not_an_object();
		case 'unknown-type':
			return m.staff_control_error_unknown_type();
		case 'unknown-field':
			return m.staff_control_error_unknown_field(f);
		case 'missing-field':
			return m.staff_control_error_missing_field(f);
		case 'invalid-field':
			return m.staff_control_error_invalid_field(f);
		case 'workshop-closed':
			return m.staff_control_error_workshop_closed();
		case 'board-not-found':
			return m.staff_control_error_board_not_found();
		case 'note-not-found':
			return m.staff_control_error_note_not_found();
		case 'voting-open':
			return m.staff_control_error_voting_open();
		case 'voting-revealed':
			return m.staff_control_error_voting_revealed();
		case 'timer-running':
			return m.staff_control_error_timer_running();
		case 'timer-not-running':
			return m.staff_control_error_timer_not_running();
		case 'timer-too-long':
			return m.staff_control_error_timer_too_long();
		case 'premoderation-off':
			return m.staff_control_error_premoderation_off();
		case 'activity-not-found':
			return m.staff_control_error_activity_not_found();
		case 'duplicate-activity':
			return m.staff_control_error_duplicate_activity();
		case 'title-required':
			return m.staff_control_error_title_required();
		case 'title-too-long':
			return m.staff_control_error_title_too_long();
		case 'title-characters':
			return m.staff_control_error_title_characters();
		case 'board-in-use':
			return m.staff_control_error_board_in_use();
		case 'needs-earlier-board':
			return m.staff_control_error_needs_earlier_board();
		case 'board-referenced':
			return m.staff_control_error_board_referenced();
		case 'current-activity':
			return m.staff_control_error_current_activity();
		case 'position':
			return m.staff_control_error_position();
		case 'too-many-activities':
			return m.staff_control_error_too_many_activities();
		case 'board-has-dots':
			return m.staff_control_error_board_has_dots();
		case 'not-dot-voting':
			return m.staff_control_error_not_dot_voting();
	}
}
