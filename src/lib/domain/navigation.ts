import { safeRedirectTarget } from './redirect';

/**
 * Whether a request comes from a browser tab navigating (it wants a page) rather than from a
 * script (it wants JSON): its Accept header names `text/html` and ranks it above
 * `application/json`. Browsers navigating send `text/html,…,*\/*;q=0.8`; scripts send
 * `application/json`, `*\/*` or nothing, and keep the JSON the contracts promise.
 */
export function wantsPage(accept: string | null): boolean {
	if (!accept) return false;
	const html = qualityOf(accept, 'text/html');
	return html > 0 && html > qualityOf(accept, 'application/json');
}

/** The q-value the Accept header gives exactly this media type (0 when it is not named). */
function qualityOf(accept: string, type: string): number {
	let best = 0;
	for (const entry of accept.split(',')) {
		const [name, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
		if (name !== type) continue;
		const q = params.find((param) => param.startsWith('q='));
		const value = q === undefined ? 1 : Number(q.slice(2));
		if (Number.isFinite(value)) best = Math.max(best, Math.min(value, 1));
	}
	return best;
}

/**
 * Where "go back" leads from a page shown instead of a download: the page of this site that
 * linked to it (the Referer, path and query only), else `fallback`. Another site's address is
 * never a target.
 */
export function backPath(referer: string | null, origin: string, fallback = '/'): string {
	if (!referer) return fallback;
	let url: URL;
	try {
		url = new URL(referer);
	} catch {
		return fallback;
	}
	if (url.origin !== origin) return fallback;
	return safeRedirectTarget(url.pathname + url.search, fallback);
}
