import type { Criterion, WeightProblem } from '../domain/proposal/priority';
import type { FilterField, FilterProblem } from '../domain/proposal/review-filters';
import { m } from '../paraglide/messages';

/** What a refused review request means for the manager, in the request's language. */

export function fieldName(field: FilterField): string {
	return {
		stages: m.review_field_stages,
		branches: m.review_field_branches,
		municipi: m.review_field_municipi,
		services: m.review_field_services,
		processes: m.review_field_processes,
		workshops: m.review_field_workshops,
		tags: m.review_field_tags,
		from: m.review_field_from,
		to: m.review_field_to,
		q: m.review_field_q,
		sort: m.review_field_sort
	}[field]();
}

export function filterMessage(
	field: FilterField,
	problem: FilterProblem | 'unknown',
	value: string
) {
	if (problem === 'unknown') return m.review_error_unknown({ field: fieldName(field), value });
	const reason = {
		'unknown-stage': m.review_problem_unknown_stage,
		'not-an-id': m.review_problem_not_an_id,
		'not-a-municipio': m.review_problem_not_a_municipio,
		'not-a-date': m.review_problem_not_a_date,
		'dates-reversed': m.review_problem_dates_reversed,
		'too-long': m.review_problem_too_long,
		'too-many': m.review_problem_too_many,
		'unknown-sort': m.review_problem_unknown_sort
	}[problem]();
	return m.review_error_filter({ field: fieldName(field), reason });
}

export function weightMessages(
	errors: Partial<Record<Criterion | 'all' | 'note', WeightProblem | 'too-long'>>
): Record<string, string> {
	const text = {
		missing: m.review_weight_problem_missing,
		'not-a-number': m.review_weight_problem_not_a_number,
		negative: m.review_weight_problem_negative,
		'too-large': m.review_weight_problem_too_large,
		'all-zero': m.review_weight_problem_all_zero,
		'too-long': m.review_weight_problem_note_too_long
	};
	return Object.fromEntries(
		Object.entries(errors).map(([field, problem]) => [field, text[problem!]()])
	);
}
