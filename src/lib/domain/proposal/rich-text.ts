/**
 * A proposal's description, turned from ProseMirror JSON (what Tiptap keeps in the live document
 * `proposal:<id>`) into HTML and plain text for everything outside the editor: public pages, open
 * data, exports. The JSON is untrusted — any staff client, or a raw Yjs update, can put any node,
 * attribute or mark in the document — so rendering is an allowlist, not a filter: only the
 * StarterKit nodes and marks below become tags, with no attribute copied from the input except a
 * checked heading level, list start and link address. Everything else is its text, escaped.
 */

/** A node as ProseMirror JSON; nothing in it is trusted. */
export interface RichNode {
	type?: unknown;
	attrs?: unknown;
	content?: unknown;
	text?: unknown;
	marks?: unknown;
}

/** Deeper than any editor nests (the live server refuses updates nested deeper than 32). */
export const MAX_DEPTH = 24;

const BLOCK_TAGS: Record<string, string> = {
	paragraph: 'p',
	blockquote: 'blockquote',
	bulletList: 'ul',
	orderedList: 'ol',
	listItem: 'li'
};

/** Marks in the order they nest, outermost first, so that the same text always gives the same HTML. */
const MARK_TAGS: [string, string][] = [
	['bold', 'strong'],
	['italic', 'em'],
	['strike', 's'],
	['code', 'code']
];

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Text safe inside an element and inside a double-quoted attribute. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function record(value: unknown): Record<string, unknown> {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

function children(node: RichNode): RichNode[] {
	return Array.isArray(node.content)
		? node.content.filter((c): c is RichNode => !!c && typeof c === 'object')
		: [];
}

/**
 * The address of a link if it may be one: absolute http(s) or mailto only. Parsing it with the
 * URL parser, as a browser would, is what catches `JaVaScRiPt:`, `java\tscript:` and leading
 * spaces; a relative address (which would resolve against our own site) is refused too.
 */
export function safeHref(value: unknown): string | null {
	if (typeof value !== 'string' || value.length > 2000) return null;
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return null;
	}
	return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

/** All the text under a node, in order, without recursion (the nesting may be hostile). */
export function textOf(node: RichNode): string {
	const parts: string[] = [];
	const stack: RichNode[] = [node];
	while (stack.length > 0) {
		const current = stack.pop()!;
		if (current.type === 'text' && typeof current.text === 'string') parts.push(current.text);
		else if (current.type === 'hardBreak') parts.push('\n');
		const list = children(current);
		for (let i = list.length - 1; i >= 0; i--) stack.push(list[i]!);
	}
	return parts.join('');
}

function headingLevel(attrs: unknown): number {
	const level = Number(record(attrs).level);
	// The page's own title is the h1: a level 1 heading in the text becomes an h2.
	return Number.isInteger(level) ? Math.min(4, Math.max(2, level)) : 2;
}

function listStart(attrs: unknown): number | null {
	const start = Number(record(attrs).start);
	return Number.isInteger(start) && start > 1 && start < 1_000_000 ? start : null;
}

function renderText(node: RichNode): string {
	if (typeof node.text !== 'string') return '';
	let html = escapeHtml(node.text);
	const marks = Array.isArray(node.marks) ? node.marks.map(record) : [];
	const has = (type: string) => marks.find((mark) => mark.type === type);
	// Inner first, so that wrapping goes outwards: <a><strong><em>text</em></strong></a>.
	for (const [type, tag] of [...MARK_TAGS].reverse()) {
		if (has(type)) html = `<${tag}>${html}</${tag}>`;
	}
	const link = has('link');
	const href = link ? safeHref(record(link.attrs).href) : null;
	// A link to a refused address keeps its words and loses the link.
	if (href) html = `<a href="${escapeHtml(href)}" rel="noopener nofollow ugc">${html}</a>`;
	return html;
}

function renderChildren(node: RichNode, depth: number, inline = false): string {
	return children(node)
		.map((child) => renderNode(child, depth + 1, inline))
		.join('');
}

/** `inline`: inside a paragraph or heading, where a block tag would break the markup. */
function renderNode(node: RichNode, depth: number, inline: boolean): string {
	if (node.type === 'text') return renderText(node);
	if (node.type === 'hardBreak') return '<br>';
	// Past any real editor's nesting: its words, flat.
	if (depth > MAX_DEPTH) return escapeHtml(textOf(node));
	if (node.type === 'heading') {
		const tag = `h${headingLevel(node.attrs)}`;
		return `<${tag}>${renderChildren(node, depth, true)}</${tag}>`;
	}
	if (typeof node.type === 'string' && Object.hasOwn(BLOCK_TAGS, node.type)) {
		const tag = BLOCK_TAGS[node.type]!;
		const start = node.type === 'orderedList' ? listStart(node.attrs) : null;
		const inner = renderChildren(node, depth, node.type === 'paragraph');
		return `<${tag}${start ? ` start="${start}"` : ''}>${inner}</${tag}>`;
	}
	// Any other node (an iframe, a script, an image, a code block): its words only.
	const text = escapeHtml(textOf(node)).replace(/\n/g, '<br>');
	return inline || !text ? text : `<p>${text}</p>`;
}

/** The description as HTML that is safe to put in a page as it is. */
export function toHtml(root: RichNode | null | undefined): string {
	if (!root || typeof root !== 'object') return '';
	return renderChildren(root, 0);
}

function plainBlock(node: RichNode, depth: number, indent: string): string {
	if (depth > MAX_DEPTH) return textOf(node);
	if (node.type === 'bulletList' || node.type === 'orderedList') {
		const first = node.type === 'orderedList' ? (listStart(node.attrs) ?? 1) : 0;
		return children(node)
			.map((item, i) => {
				const bullet = first ? `${first + i}. ` : '- ';
				const body = children(item)
					.map((child) => plainBlock(child, depth + 2, indent + '  '))
					.filter(Boolean)
					.join('\n');
				return indent + bullet + body.trimStart();
			})
			.join('\n');
	}
	if (node.type === 'blockquote') {
		return children(node)
			.map((child) => plainBlock(child, depth + 1, indent))
			.filter(Boolean)
			.map((block) =>
				block
					.split('\n')
					.map((line) => `> ${line}`)
					.join('\n')
			)
			.join('\n>\n');
	}
	return indent + textOf(node).trim();
}

/** The description as plain text (open data, CSV): blocks apart by a blank line, lists as "- ". */
export function toPlainText(root: RichNode | null | undefined): string {
	if (!root || typeof root !== 'object') return '';
	return children(root)
		.map((block) => plainBlock(block, 1, ''))
		.filter((block) => block.trim() !== '')
		.join('\n\n');
}
