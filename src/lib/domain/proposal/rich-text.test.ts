import { describe, expect, it } from 'vitest';
import { MAX_DEPTH, safeHref, toHtml, toPlainText, type RichNode } from './rich-text';

const doc = (...content: unknown[]): RichNode => ({ type: 'doc', content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (value: string, marks?: unknown[]) => ({ type: 'text', text: value, marks });
const link = (href: unknown) => ({ type: 'link', attrs: { href, target: '_blank' } });

describe('the description as HTML', () => {
	it('renders the StarterKit nodes and marks it allows', () => {
		const html = toHtml(
			doc(
				{ type: 'heading', attrs: { level: 3 }, content: [text('Il problema')] },
				p(
					text('Chi '),
					text('lavora', [{ type: 'bold' }]),
					{ type: 'hardBreak' },
					text('non arriva', [{ type: 'italic' }, { type: 'strike' }]),
					text(' prima', [{ type: 'code' }])
				),
				{
					type: 'bulletList',
					content: [{ type: 'listItem', content: [p(text('uno'))] }]
				},
				{
					type: 'orderedList',
					attrs: { start: 3 },
					content: [{ type: 'listItem', content: [p(text('tre'))] }]
				},
				{ type: 'blockquote', content: [p(text('citazione'))] },
				p(text('il sito', [link('https://comune.milano.it/biblioteche')]))
			)
		);
		expect(html).toBe(
			'<h3>Il problema</h3>' +
				'<p>Chi <strong>lavora</strong><br><em><s>non arriva</s></em><code> prima</code></p>' +
				'<ul><li><p>uno</p></li></ul>' +
				'<ol start="3"><li><p>tre</p></li></ol>' +
				'<blockquote><p>citazione</p></blockquote>' +
				'<p><a href="https://comune.milano.it/biblioteche" rel="noopener nofollow ugc">il sito</a></p>'
		);
	});

	it('escapes every text, entities and quotes included', () => {
		const html = toHtml(doc(p(text('<script>alert(1)</script> &amp; "x" \'y\''))));
		expect(html).toBe(
			'<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &quot;x&quot; &#39;y&#39;</p>'
		);
	});

	it('renders unknown or forbidden nodes as their text only', () => {
		const html = toHtml(
			doc(
				{ type: 'script', content: [text('alert(1)')] },
				{ type: 'iframe', attrs: { src: 'https://evil.example' }, content: [] },
				p({ type: 'image', attrs: { src: 'x', onerror: 'alert(1)' } }, text('dopo')),
				p({ type: 'mention', content: [text('@<b>Ada</b>')] }),
				{ type: 'codeBlock', content: [text('<img src=x onerror=alert(1)>')] }
			)
		);
		expect(html).toBe(
			'<p>alert(1)</p><p>dopo</p><p>@&lt;b&gt;Ada&lt;/b&gt;</p>' +
				'<p>&lt;img src=x onerror=alert(1)&gt;</p>'
		);
		expect(html).not.toMatch(/<(script|iframe|img)/i);
	});

	it('copies no attribute from the input: no event handlers, styles or classes', () => {
		const html = toHtml(
			doc({
				type: 'paragraph',
				attrs: { onclick: 'alert(1)', style: 'color:red', class: 'x', id: 'y' },
				content: [text('ciao', [{ type: 'bold', attrs: { onmouseover: 'alert(1)' } }])]
			})
		);
		expect(html).toBe('<p><strong>ciao</strong></p>');
	});

	it('keeps a heading between h2 and h4, the page title being the h1', () => {
		const heading = (level: unknown) => ({
			type: 'heading',
			attrs: { level },
			content: [text('t')]
		});
		expect(
			toHtml(doc(heading(1), heading(4), heading(6), heading('"><script>'), heading('3')))
		).toBe('<h2>t</h2><h4>t</h4><h4>t</h4><h2>t</h2><h3>t</h3>');
	});

	it('drops links that are not http, https or mailto, and keeps their words', () => {
		const hostile = [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'java\tscript:alert(1)',
			' javascript:alert(1)',
			'vbscript:msgbox(1)',
			'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
			'/staff/proposals',
			'//evil.example',
			'file:///etc/passwd',
			42,
			null
		];
		for (const href of hostile) {
			expect(toHtml(doc(p(text('clicca', [link(href)])))), String(href)).toBe('<p>clicca</p>');
		}
	});

	it('writes a kept link address escaped, with rel set by us', () => {
		const html = toHtml(doc(p(text('x', [link('https://a.example/?q="><script>&x=1')]))));
		expect(html).toBe(
			'<p><a href="https://a.example/?q=%22%3E%3Cscript%3E&amp;x=1" rel="noopener nofollow ugc">x</a></p>'
		);
		expect(toHtml(doc(p(text('scrivi', [link('mailto:biblioteche@comune.milano.it')]))))).toContain(
			'href="mailto:biblioteche@comune.milano.it"'
		);
	});

	it('flattens hostile nesting into text without overflowing the stack', () => {
		let node: RichNode = text('fondo');
		for (let i = 0; i < 100_000; i++) node = { type: 'blockquote', content: [node] };
		const html = toHtml(doc(node));
		expect(html.startsWith('<blockquote>'.repeat(MAX_DEPTH))).toBe(true);
		expect(html).toContain('fondo');
		expect(html.match(/<blockquote>/g)!.length).toBeLessThanOrEqual(MAX_DEPTH);
		expect(toPlainText(doc(node))).toContain('fondo');
	});

	it('survives malformed JSON: wrong types everywhere', () => {
		const weird = [
			null,
			'x',
			{ type: 'doc', content: 'no' },
			{ type: 'doc', content: [null, 1, 'x', { type: 'text', text: 5 }, { content: [text('a')] }] },
			{ type: 'doc', content: [{ type: 'paragraph', content: [text('b', 'nope' as never)] }] },
			{ type: 'doc', content: [{ type: '__proto__', content: [text('c')] }] },
			{ type: 'doc', content: [{ type: 'constructor', content: [text('d')] }] }
		];
		const out = weird.map((w) => toHtml(w as RichNode));
		expect(out).toEqual(['', '', '', '<p>a</p>', '<p>b</p>', '<p>c</p>', '<p>d</p>']);
	});
});

describe('the description as plain text', () => {
	it('keeps the words, blocks apart, lists as lines, and never any markup', () => {
		const plain = toPlainText(
			doc(
				{ type: 'heading', attrs: { level: 2 }, content: [text('Il problema')] },
				p(text('Chi <b>lavora</b>', [{ type: 'bold' }]), { type: 'hardBreak' }, text('la sera')),
				{
					type: 'bulletList',
					content: [
						{ type: 'listItem', content: [p(text('uno'))] },
						{ type: 'listItem', content: [p(text('due', [link('javascript:alert(1)')]))] }
					]
				},
				{
					type: 'orderedList',
					content: [{ type: 'listItem', content: [p(text('primo'))] }]
				},
				{ type: 'blockquote', content: [p(text('detto'))] },
				p()
			)
		);
		expect(plain).toBe(
			'Il problema\n\nChi <b>lavora</b>\nla sera\n\n- uno\n- due\n\n1. primo\n\n> detto'
		);
	});
});

describe('link addresses', () => {
	it('accepts absolute http, https and mailto only', () => {
		expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b');
		expect(safeHref('HTTP://EXAMPLE.ORG')).toBe('http://example.org/');
		expect(safeHref('mailto:a@b.it')).toBe('mailto:a@b.it');
		expect(safeHref('javascript:alert(1)')).toBeNull();
		expect(safeHref('data:,x')).toBeNull();
		expect(safeHref('x'.repeat(3000))).toBeNull();
	});
});
