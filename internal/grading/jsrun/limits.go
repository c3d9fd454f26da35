package jsrun

import (
	"runtime/metrics"
	"sync"
	"time"
)

// memoryPollInterval is how often the heap is sampled. An allocation loop
// in goja grows the heap by at most a few tens of MiB in that time.
const memoryPollInterval = 5 * time.Millisecond

// startWatchdogs arms the time limit and the heap watchdog; the returned
// function disarms both and waits for the watchdog to exit.
//
// Heap usage is process-wide, so the limit is measured as growth over what
// the process held when the run started; worker processes run one job at
// a time, which makes that growth the run's own.
func (e *engine) startWatchdogs() (stop func()) {
	tm := time.AfterFunc(e.job.TimeLimit, func() { e.halt(stopTime) })

	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/memory/classes/heap/objects:bytes"},
	}
	read := func() (live, objects uint64) {
		metrics.Read(samples)
		return metricValue(samples[0]), metricValue(samples[1])
	}
	_, base := read()
	limit := uint64(e.job.MemoryLimitBytes)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(memoryPollInterval)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			live, objects := read()
			// live is exact but only refreshed by a GC; objects is
			// current but includes garbage, so it gets twice the room
			// (the default GOGC lets the heap reach twice the live size).
			if live > base+limit || objects > base+2*limit {
				e.halt(stopMemory)
				return
			}
		}
	}()
	return func() {
		tm.Stop()
		close(done)
		wg.Wait()
	}
}

func metricValue(s metrics.Sample) uint64 {
	if s.Value.Kind() == metrics.KindUint64 {
		return s.Value.Uint64()
	}
	return 0
}
