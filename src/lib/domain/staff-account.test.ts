import { describe, expect, it } from 'vitest';
import { checkAccountInput } from './staff-account';

const valid = { name: 'Ada Lovelace', email: 'Ada@Example.org', role: 'manager' };

describe('checkAccountInput', () => {
	it('accepts a name, an email and a role, tidied: NFC, spaces collapsed, email lower-cased', () => {
		expect(
			checkAccountInput({
				name: '  Nicolo\u0300   Rossi ',
				email: ' Ada@Example.org ',
				role: 'admin'
			})
		).toEqual({
			ok: true,
			value: { name: 'Nicolò Rossi', email: 'ada@example.org', role: 'admin' }
		});
	});

	it('counts the name as a person sees it: 80 characters, fifty 👍 included', () => {
		expect(checkAccountInput({ ...valid, name: '👍'.repeat(50) })).toMatchObject({ ok: true });
		expect(checkAccountInput({ ...valid, name: 'a'.repeat(80) })).toMatchObject({ ok: true });
		expect(checkAccountInput({ ...valid, name: 'a'.repeat(81) })).toEqual({
			ok: false,
			errors: { name: 'too-long' }
		});
	});

	it('refuses names with controls, line breaks, escape sequences or text-reordering characters', () => {
		for (const name of [
			'A\u0000B',
			'Ada\nLovelace',
			'Ada\u001b[2J',
			'\u202Eecalevol',
			'A\u200Bda'
		]) {
			expect(checkAccountInput({ ...valid, name }), JSON.stringify(name)).toEqual({
				ok: false,
				errors: { name: 'forbidden-characters' }
			});
		}
		expect(checkAccountInput({ ...valid, name: '   ' })).toEqual({
			ok: false,
			errors: { name: 'required' }
		});
	});

	it('refuses an email with a NUL, a space or no domain', () => {
		for (const email of ['n\u0000ul@x.it', 'ada lovelace@example.org', 'ada@']) {
			expect(checkAccountInput({ ...valid, email }), JSON.stringify(email)).toEqual({
				ok: false,
				errors: { email: 'invalid' }
			});
		}
		expect(checkAccountInput({ ...valid, email: ' ' })).toEqual({
			ok: false,
			errors: { email: 'required' }
		});
	});

	it('names every wrong field at once', () => {
		expect(checkAccountInput({ name: 'A\u0000B', email: 'nope', role: 'king' })).toEqual({
			ok: false,
			errors: { name: 'forbidden-characters', email: 'invalid', role: 'invalid' }
		});
		expect(checkAccountInput({ name: undefined, email: undefined, role: undefined })).toEqual({
			ok: false,
			errors: { name: 'required', email: 'required', role: 'invalid' }
		});
	});
});
