import { NAME_MAX } from '$lib/domain/reference';
import type { BranchField, ServiceField } from '$lib/domain/reference';
import { SLUG_MAX } from '$lib/domain/slug';
import { STAFF_NAME_MAX } from '$lib/domain/staff-account';
import type { AccountField } from '$lib/domain/staff-account';
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

/** The staff-account service's problems, field by field, worded. */
export function userErrors(errors: Partial<Record<AccountField, string>>) {
	return describeErrors(errors, {
		name: { max: STAFF_NAME_MAX },
		email: {
			say: { invalid: m.admin_error_email_invalid(), taken: m.admin_error_email_taken() }
		},
		role: { say: { invalid: m.admin_error_role_invalid() } },
		password: {
			say: {
				'too-short': m.admin_error_password_too_short({ min: MIN_LENGTH }),
				'too-long': m.admin_error_password_too_long()
			}
		}
	});
}
