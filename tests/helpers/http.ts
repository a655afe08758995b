/**
 * A tiny cookie-keeping HTTP client, enough to act as one browser against a server under test.
 * Sends the Origin header a browser would, so SvelteKit's CSRF check sees a same-site form post.
 */
export class Client {
	readonly cookies = new Map<string, string>();

	constructor(
		readonly baseUrl: string,
		readonly headers: Record<string, string> = {}
	) {}

	async fetch(pathname: string, init: RequestInit = {}): Promise<Response> {
		const headers = new Headers(init.headers);
		for (const [k, v] of Object.entries(this.headers)) if (!headers.has(k)) headers.set(k, v);
		if (this.cookies.size > 0) {
			headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		}
		if (init.method && init.method !== 'GET' && !headers.has('origin')) {
			headers.set('origin', this.baseUrl);
		}
		const response = await fetch(new URL(pathname, this.baseUrl), {
			...init,
			headers,
			redirect: 'manual'
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair, ...attributes] = line.split(';');
			const [name, ...value] = pair!.split('=');
			const expired = attributes.some((a) => /^\s*max-age=0\b/i.test(a));
			if (expired || value.join('=') === '') this.cookies.delete(name!.trim());
			else this.cookies.set(name!.trim(), value.join('='));
		}
		return response;
	}

	/** POST a JSON body. */
	post(pathname: string, body: unknown, headers: Record<string, string> = {}) {
		return this.fetch(pathname, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' ? body : JSON.stringify(body)
		});
	}

	/**
	 * POST an HTML form as a browser without JavaScript does: it asks for HTML, so SvelteKit answers
	 * a form action with a 303 or the page (a request preferring JSON gets `{type, status, data}`).
	 * Fields may repeat (checkboxes), hence the [name, value] pairs form.
	 */
	postForm(pathname: string, fields: Record<string, string> | [string, string][]) {
		return this.fetch(pathname, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
			},
			body: new URLSearchParams(fields).toString()
		});
	}
}
