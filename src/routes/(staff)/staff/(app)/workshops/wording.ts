import { PLACE_MAX, WELCOME_MAX, WORKSHOP_TITLE_MAX } from '$lib/domain/planning';
import type { WorkshopField } from '$lib/domain/planning';
import { describeErrors, listField, textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';

/** The workshop form's errors as sentences (shared by the new and edit pages). */
export function workshopErrors(errors: Partial<Record<WorkshopField, string>>) {
	return describeErrors(errors, {
		processId: { say: { required: m.staff_error_process_required() } },
		title: { max: WORKSHOP_TITLE_MAX },
		startsAt: { say: { invalid: m.staff_error_starts_at_invalid() } },
		place: { say: { required: m.staff_error_place_required() } },
		branchId: {
			say: {
				required: m.staff_error_branch_required(),
				invalid: m.staff_error_branch_invalid()
			}
		},
		placeText: { max: PLACE_MAX, say: { required: m.staff_error_place_text_required() } },
		facilitatorIds: {
			say: {
				required: m.staff_error_facilitators_required(),
				invalid: m.staff_error_facilitators_invalid()
			}
		},
		welcomeText: { max: WELCOME_MAX }
	});
}

/** What the person typed, to save or to give back to the form after an error. */
export function workshopValues(form: FormData) {
	return {
		...textFields(form, [
			'processId',
			'title',
			'startsAt',
			'placeKind',
			'branchId',
			'placeText',
			'welcomeText'
		]),
		facilitatorIds: listField(form, 'facilitatorIds')
	};
}
