import { m } from '$lib/paraglide/messages';
import { apiError } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Any other /api address, with any method: the API answers JSON, even to a typo. */
export const fallback: RequestHandler = () => apiError(404, 'not_found', m.error_not_found());
