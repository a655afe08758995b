import { NAME_MAX } from '$lib/domain/reference';
import type { BranchField, ServiceField } from '$lib/domain/reference';
import { SLUG_MAX } from '$lib/domain/slug';
import { describeErrors } from '$lib/form-errors';
import { m } from '$lib/paraglide/messages';
import { MIN_LENGTH } from '$lib/server/auth/passwords';

/** Admin forms' errors as sentences. */

function slugWording() {
	return {
		max: SLUG_MAX,
		say: { invalid: m.admin_error_slug_invalid(), taken: m.admin_error_slug_taken() }
	};
}

export function branchErrors(errors: Partial<Record<BranchField, string>>) {
	return describeErrors(errors, {
		slug: slugWording(),
		name: { max: NAME_MAX },
		kind: { say: { invalid: m.admin_error_kind_invalid() } },
		municipio: { say: { invalid: m.admin_error_municipio_invalid() } }
	});
}

export function serviceErrors(errors: Partial<Record<ServiceField, string>>) {
	return describeErrors(errors, {
		slug: slugWording(),
		nameIt: { max: NAME_MAX },
		nameEn: { max: NAME_MAX }
	});
}

type UserField = 'name' | 'email' | 'role' | 'password';

/** Maps the staff-account service's problems to the field they concern, worded. */
export function userErrors(problem: string): Partial<Record<UserField, string>> {
	switch (problem) {
		case 'invalid-email':
			return { email: m.admin_error_email_invalid() };
		case 'email-taken':
			return { email: m.admin_error_email_taken() };
		case 'invalid-name':
			return { name: m.admin_error_name_invalid() };
		case 'too-short':
			return { password: m.admin_error_password_too_short({ min: MIN_LENGTH }) };
		case 'too-long':
			return { password: m.admin_error_password_too_long() };
		default:
			return { role: m.admin_error_role_invalid() };
	}
}
