import type { StaffUser } from '$lib/server/auth/sessions';

declare global {
	namespace App {
		interface Locals {
			/** The signed-in staff member, if any. */
			user: StaffUser | null;
			/** The anonymous resident behind a participant session, if any. */
			residentId: string | null;
			/** Id of the current session (for sign-out). */
			sessionId: string | null;
		}
		interface Error {
			message: string;
			/** Stable machine code, as in the JSON API errors. */
			code?: string;
			/** The workshop a page error is about (a closed one still links to its outcomes). */
			workshop?: { id: string; title: string };
		}
	}
}

export {};
