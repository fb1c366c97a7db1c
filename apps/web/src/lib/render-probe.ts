// Counts renders of the components that call it, for the browser test that checks that a new
// message, a typing event or a presence change re-renders O(1) rows (test/render-count.browser.test.ts).
// Off unless the page defines `window.__chatRenderCounts` before the app starts (the test does,
// in an init script): an ordinary page pays one property read per render.

declare global {
  interface Window {
    __chatRenderCounts?: Record<string, number>;
  }
}

export function countRender(component: string): void {
  const counts = window.__chatRenderCounts;
  if (counts) counts[component] = (counts[component] ?? 0) + 1;
}
