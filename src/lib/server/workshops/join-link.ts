import QRCode from 'qrcode';

/**
 * The address residents open to join a workshop, and its QR code. Built from the origin of the
 * request (which honours ORIGIN behind a proxy), so a printed or projected code always points at
 * the address people actually reach the app on.
 */
export function joinUrl(origin: string, code: string): string {
	return `${origin}/j/${encodeURIComponent(code)}`;
}

/** The address without its scheme, short enough to read off a screen and type ("host/j/CODE"). */
export function shortJoinUrl(origin: string, code: string): string {
	return `${new URL(origin).host}/j/${encodeURIComponent(code)}`;
}

/**
 * The QR code as an SVG document. It is generated from the URL alone, never from user content, so
 * pages may inline it. Level M survives a smudged projector or a glare spot; no fixed size, so CSS
 * scales it without blur.
 */
export function qrSvg(url: string): Promise<string> {
	return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
