import { m } from '$lib/paraglide/messages';

/**
 * Turns the problem codes that services return (`required`, `too-long`, …) into sentences in the
 * person's language, one per field. A field may word a problem its own way ("choose at least one
 * library" says more than "required").
 */
export interface FieldWording {
	/** The field's length limit, quoted by the "too long" sentence. */
	max?: number;
	/** Sentences for this field's problems, by problem code. */
	say?: Partial<Record<string, string>>;
}

function generic(problem: string, max: number | undefined): string {
	switch (problem) {
		case 'required':
			return m.staff_form_required();
		case 'too-long':
			return max ? m.staff_form_too_long({ max }) : m.staff_form_invalid();
		case 'forbidden-characters':
			return m.staff_form_forbidden_characters();
		default:
			return m.staff_form_invalid();
	}
}

export function describeErrors<F extends string>(
	errors: Partial<Record<F, string>>,
	fields: Partial<Record<F, FieldWording>> = {}
): Partial<Record<F, string>> {
	const out: Partial<Record<F, string>> = {};
	for (const [field, problem] of Object.entries(errors) as [F, string][]) {
		const wording = fields[field];
		out[field] = wording?.say?.[problem] ?? generic(problem, wording?.max);
	}
	return out;
}

/** Form fields as plain strings, to give back to the form after an error (never passwords). */
export function textFields<K extends string>(
	form: FormData,
	names: readonly K[]
): Record<K, string> {
	const out = {} as Record<K, string>;
	for (const name of names) {
		const value = form.get(name);
		out[name] = typeof value === 'string' ? value : '';
	}
	return out;
}

/** Every value of a repeated field (checkboxes), as strings. */
export function listField(form: FormData, name: string): string[] {
	return form.getAll(name).filter((v): v is string => typeof v === 'string');
}
