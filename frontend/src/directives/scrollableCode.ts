import type { Directive } from 'vue'

// Code blocks of server-rendered Markdown scroll sideways when lines are
// long. A scrolling region must be reachable from the keyboard (WCAG 2.1.1),
// so every <pre> inside the element joins the tab order.
function apply(el: HTMLElement): void {
  for (const pre of el.querySelectorAll('pre')) {
    if (!pre.hasAttribute('tabindex')) pre.tabIndex = 0
  }
}

/** v-scrollable-code on a container of v-html content. */
export const vScrollableCode: Directive<HTMLElement> = { mounted: apply, updated: apply }

declare module 'vue' {
  interface GlobalDirectives {
    vScrollableCode: typeof vScrollableCode
  }
}
