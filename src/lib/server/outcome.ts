/**
 * What a service answers when it is handed a form: done (with whatever the caller needs next, such
 * as the new id), or the problem code of each field that is wrong, keyed by field, so that a form
 * can show every problem at once. Services that can also refuse the person or miss the record add
 * `Denied` or `NotFound` to the union.
 */
export type Outcome<F extends string, T = object> = ({ ok: true } & T) | Invalid<F>;

/** The fields' problem codes (`required`, `too-long`, …), worded by the route for the person. */
export interface Invalid<F extends string> {
	ok: false;
	errors: Partial<Record<F, string>>;
}

/** The person may not do this (or may not know the record exists). */
export interface Denied {
	ok: false;
	denied: true;
}

/** There is no such record (or its id is not even well formed). */
export interface NotFound {
	ok: false;
	notFound: true;
}
