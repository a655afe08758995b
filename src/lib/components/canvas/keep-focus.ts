import type { Attachment } from 'svelte/attachments';

/**
 * Keeps keyboard focus from falling to the page when the control that holds it goes away inside
 * `container`: a button that removes itself (Deselect once nothing is selected), one that turns
 * disabled (Ungroup once the notes left their group), a form that closes. Focus then goes to
 * `fallback()`, where the work goes on, instead of <body>, from where a keyboard user would have
 * to tab through the whole page again. A move made on purpose elsewhere (a heading focused
 * after an action) comes later, in an animation frame, and wins.
 */
export function keepFocus(fallback: () => HTMLElement | null | undefined): Attachment<HTMLElement> {
	return (container) => {
		/** The control in `container` that last had focus, while focus has not left for elsewhere. */
		let last: HTMLElement | null = null;
		const onFocusIn = (event: FocusEvent) => {
			last = event.target instanceof HTMLElement ? event.target : null;
		};
		const onFocusOut = (event: FocusEvent) => {
			// Focus moved to another control outside: nothing to look after any more. (With no
			// related target it went nowhere: the control may be the one going away.)
			const next = event.relatedTarget;
			if (next instanceof Node && !container.contains(next)) last = null;
		};
		// A click on the page outside (on nothing focusable) also leaves focus on <body>: that was
		// the person's choice, and a later change from another facilitator must not pull it back.
		const onPointerDown = (event: PointerEvent) => {
			if (!(event.target instanceof Node && container.contains(event.target))) last = null;
		};
		const observer = new MutationObserver(() => {
			if (!last) return;
			const gone = !last.isConnected || last.matches(':disabled');
			const active = document.activeElement;
			if (!gone || (active && active !== document.body && active !== last)) return;
			last = null;
			fallback()?.focus();
		});
		container.addEventListener('focusin', onFocusIn);
		container.addEventListener('focusout', onFocusOut);
		document.addEventListener('pointerdown', onPointerDown, true);
		observer.observe(container, {
			childList: true,
			subtree: true,
			attributes: true,
			attributeFilter: ['disabled']
		});
		return () => {
			observer.disconnect();
			container.removeEventListener('focusin', onFocusIn);
			container.removeEventListener('focusout', onFocusOut);
			document.removeEventListener('pointerdown', onPointerDown, true);
		};
	};
}
