import { NOT_AN_EMAIL } from '$lib/domain/email';
import { formatDateTime } from '$lib/domain/time-zone';
import { getLocale } from '$lib/paraglide/runtime';
import * as signInAudit from '$lib/server/auth/sign-in-audit';
import { requireAllowed } from '$lib/server/guards';
import { getRuntime } from '$lib/server/runtime';
import * as users from '$lib/server/staff/users';
import type { PageServerLoad } from './$types';

/** How many of the latest failed sign-ins the page shows. */
const AUDIT_SHOWN = 20;

export const load: PageServerLoad = async ({ locals, url }) => {
	const admin = requireAllowed(locals, url, 'users:manage');
	const runtime = getRuntime();
	const db = runtime.database.db;
	const [list, audit] = [await users.list(db), await signInAudit.recent(db, AUDIT_SHOWN)];
	return {
		selfId: admin.id,
		users: list.map((u) => ({ ...u, disabled: u.disabledAt !== null })),
		created: url.searchParams.has('created'),
		audit: audit.map((entry) => ({
			...entry,
			// Null where what was typed could not be an address (the page says so in its language).
			emailTried: entry.emailTried === NOT_AN_EMAIL ? null : entry.emailTried,
			at: formatDateTime(entry.at, getLocale(), runtime.config.timeZone)
		})),
		auditDays: runtime.config.limits.signInAuditDays
	};
};
