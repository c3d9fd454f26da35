import { computed } from 'vue'
import { api } from '../api/client'
import type { TrackSummary } from '../api/types'
import { useAsync } from './useAsync'
import { useFormat } from './useFormat'

/** The catalog's tracks, for pickers and for showing slugs as titles. */
export function useTracks() {
  const { loc } = useFormat()
  const tracks = useAsync<TrackSummary[]>(async (signal) => (await api.tracks.list(signal)).items)
  const bySlug = computed(() => new Map((tracks.data.value ?? []).map((t) => [t.slug, t])))
  /** The track's title in the UI language, or its slug while unknown. */
  function trackTitle(slug: string): string {
    const t = bySlug.value.get(slug)
    return t ? loc(t.title) : slug
  }
  /** The tracks as choices of a CheckGroup. */
  const trackOptions = computed(() => (tracks.data.value ?? []).map((t) => ({ value: t.slug, label: loc(t.title), description: t.slug })))
  return { tracks, trackTitle, trackOptions }
}
