/**
 * Slugs name branches and services in URLs, filters and the public API (`serviceSlugs`), so they are
 * plain ASCII (lowercase letters, digits, single dashes between words) and never change once made.
 */
export const SLUG_MAX = 60;

export type SlugProblem = 'required' | 'invalid' | 'too-long';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Reads a slug as typed; capital letters and surrounding spaces are forgiven, nothing else. */
export function checkSlug(
	input: unknown
): { ok: true; slug: string } | { ok: false; problem: SlugProblem } {
	const slug = typeof input === 'string' ? input.trim().toLowerCase() : '';
	if (slug.length === 0) return { ok: false, problem: 'required' };
	if (slug.length > SLUG_MAX) return { ok: false, problem: 'too-long' };
	if (!SLUG.test(slug)) return { ok: false, problem: 'invalid' };
	return { ok: true, slug };
}
