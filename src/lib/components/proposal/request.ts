import { m } from '$lib/paraglide/messages';

/**
 * A JSON call to one of the proposal endpoints from a component: the answer's body, or the
 * sentence to show (the server's, in the person's language, or ours when the network failed).
 */
export async function call<T>(
	method: 'POST' | 'DELETE',
	url: string,
	body?: unknown
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
	try {
		const response = await fetch(url, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body)
		});
		const value = (await response.json().catch(() => null)) as (T & { message?: string }) | null;
		if (!response.ok || !value)
			return { ok: false, message: value?.message ?? m.ideas_network_error() };
		return { ok: true, value };
	} catch {
		return { ok: false, message: m.ideas_network_error() };
	}
}
