import { CHALLENGE_MAX, PROCESS_TITLE_MAX } from '$lib/domain/planning';
import type { ProcessField } from '$lib/domain/planning';
import { describeErrors, listField, textFields } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';

/** The process form's errors as sentences (shared by the new and edit pages). */
export function processErrors(errors: Partial<Record<ProcessField, string>>) {
	return describeErrors(errors, {
		title: { max: PROCESS_TITLE_MAX },
		challenge: { max: CHALLENGE_MAX },
		branchIds: {
			say: {
				required: m.staff_error_branches_required(),
				invalid: m.staff_error_branches_invalid()
			}
		}
	});
}

/** What the person typed, to save or to give back to the form after an error. */
export function processValues(form: FormData) {
	return { ...textFields(form, ['title', 'challenge']), branchIds: listField(form, 'branchIds') };
}
