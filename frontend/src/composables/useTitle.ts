import { onBeforeUnmount, shallowRef } from 'vue'

/** Page title set by the current view (e.g. a track's name). */
export const titleOverride = shallowRef<(() => string) | null>(null)

/** Sets the document title from a reactive getter while the view is shown. */
export function useTitle(getter: () => string): void {
  titleOverride.value = getter
  onBeforeUnmount(() => {
    if (titleOverride.value === getter) titleOverride.value = null
  })
}
