//go:build race

package sandbox

// The race detector's runtime reports address-space exhaustion its own way.
const raceEnabled = true
