import { PLACE_MAX, WORKSHOP_TITLE_MAX } from '$lib/domain/planning';
import { MAX_DAYS, QUESTION_MAX } from '$lib/domain/workshop/listening';
import type { ListeningField } from '$lib/domain/workshop/listening';
import { describeErrors, textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';

/** The listening-point form's errors as sentences in the staff member's language. */
export function listeningErrors(errors: Partial<Record<ListeningField, string>>) {
	const window = {
		'before-start': m.listening_error_before_start(),
		past: m.listening_error_past(),
		'too-long': m.listening_error_too_long({ max: MAX_DAYS })
	};
	return describeErrors(errors, {
		processId: { say: { required: m.staff_error_process_required() } },
		title: { max: WORKSHOP_TITLE_MAX },
		question: { max: QUESTION_MAX, say: { required: m.listening_error_question_required() } },
		place: { say: { required: m.staff_error_place_required() } },
		branchId: {
			say: {
				required: m.staff_error_branch_required(),
				invalid: m.staff_error_branch_invalid()
			}
		},
		placeText: { max: PLACE_MAX, say: { required: m.staff_error_place_text_required() } },
		opensOn: {
			say: {
				required: m.listening_error_opens_on_required(),
				invalid: m.listening_error_opens_on_invalid()
			}
		},
		closesOn: {
			say: {
				required: m.listening_error_closes_on_required(),
				invalid: m.listening_error_closes_on_invalid(),
				...window
			}
		}
	});
}

/** What the person typed, to save or to give back to the form after an error. */
export function listeningValues(form: FormData) {
	return textFields(form, [
		'processId',
		'title',
		'question',
		'placeKind',
		'branchId',
		'placeText',
		'opensOn',
		'closesOn'
	]);
}
