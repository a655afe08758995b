import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Progressive enhancement for a form with one field: marks it pending while the request is in
 * flight, and after a refusal moves focus back to the field, whose description now carries the
 * error (so a screen reader reads it).
 */
export function focusOnRefusal(fieldId: string, setPending: (on: boolean) => void): SubmitFunction {
	return () => {
		setPending(true);
		return async ({ result, update }) => {
			await update();
			setPending(false);
			if (result.type === 'failure') document.getElementById(fieldId)?.focus();
		};
	};
}
