// Keeps what the reader is looking at in place while the list changes around it: older pages
// arriving above, a loading row growing, a late font swap. The anchor is the lowest row on
// screen (rows above it may change, e.g. the old first message joins the group loaded above it).

export interface ScrollAnchor {
  key: string;
  /** Its top, relative to the scroller's top edge. */
  offset: number;
}

function rowsOf(scroller: HTMLElement): NodeListOf<HTMLElement> {
  return scroller.querySelectorAll<HTMLElement>('[data-row-key]');
}

/** The lowest row whose top is above the scroller's bottom edge; none when it is not on screen either (rows not rendered yet). */
export function findAnchor(scroller: HTMLElement): ScrollAnchor | null {
  const rows = rowsOf(scroller);
  const box = scroller.getBoundingClientRect();
  let lo = 0;
  let hi = rows.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid]!.getBoundingClientRect().top < box.bottom) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const row = rows[found];
  if (!row) return null;
  const { top, bottom } = row.getBoundingClientRect();
  if (bottom <= box.top) return null;
  return { key: row.dataset.rowKey!, offset: top - box.top };
}

/** Scrolls so the anchor row is where it was; false when it is gone. */
export function restoreAnchor(scroller: HTMLElement, anchor: ScrollAnchor): boolean {
  const row = scroller.querySelector<HTMLElement>(`[data-row-key="${CSS.escape(anchor.key)}"]`);
  if (!row) return false;
  const delta = row.getBoundingClientRect().top - scroller.getBoundingClientRect().top - anchor.offset;
  if (Math.abs(delta) >= 0.5) scroller.scrollTop += delta;
  return true;
}
