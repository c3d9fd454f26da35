package sandbox

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ohtalent/ohtalent/internal/grading/jsrun"
)

// TypicalLabJob returns a grading job shaped like a typical small lab: one
// learner file and a public and a hidden test file with ten tests in all
// (deep equality, numbers, errors, a class and an async test). variant
// changes the learner's source (by a comment) so that repeated jobs are not
// served from the worker's compile cache, as real submissions would not be.
func TypicalLabJob(variant int) jsrun.Job {
	return jsrun.Job{
		Files: []jsrun.File{{Name: "main.ts", Source: fmt.Sprintf("// submission %d\n%s", variant, typicalSolution)}},
		Tests: []jsrun.TestFile{
			{Name: "public.test.ts", Source: typicalPublicTests},
			{Name: "hidden.test.ts", Source: typicalHiddenTests, Hidden: true},
		},
		TimeLimit: 2 * time.Second,
		Seed:      int64(variant),
	}
}

// MeasureThroughput grades n jobs (job(i) for i in [0, n)) with the given
// concurrency and returns gradings per second. Every result must have
// verdict ok, or it returns an error.
func MeasureThroughput(ctx context.Context, p *Pool, n, concurrency int, job func(i int) jsrun.Job) (float64, error) {
	var next atomic.Int64
	var firstErr error
	var once sync.Once
	var wg sync.WaitGroup
	start := time.Now()
	for range concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				res, err := p.Grade(ctx, job(i))
				if err == nil && res.Verdict != jsrun.VerdictOK {
					err = fmt.Errorf("job %d: verdict %s: %s", i, res.Verdict, res.Error)
				}
				if err != nil {
					once.Do(func() { firstErr = err })
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return 0, firstErr
	}
	return float64(n) / time.Since(start).Seconds(), nil
}

const typicalSolution = `export interface Reading {
  sensor: string;
  value: number;
}

export function movingAverage(values: number[], window: number): number[] {
  if (window <= 0 || !Number.isInteger(window)) {
    throw new RangeError('window must be a positive integer');
  }
  const out: number[] = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) {
      sum -= values[i - window];
    }
    if (i >= window - 1) {
      out.push(sum / window);
    }
  }
  return out;
}

export function groupBySensor(readings: Reading[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const r of readings) {
    const list = groups.get(r.sensor) ?? [];
    list.push(r.value);
    groups.set(r.sensor, list);
  }
  return groups;
}

export class Stats {
  private values: number[] = [];

  add(v: number): Stats {
    this.values.push(v);
    return this;
  }

  mean(): number {
    if (this.values.length === 0) {
      return NaN;
    }
    return this.values.reduce((a, b) => a + b, 0) / this.values.length;
  }

  max(): number | undefined {
    return this.values.length === 0 ? undefined : Math.max(...this.values);
  }
}

export async function fetchAverage(load: () => Promise<number[]>): Promise<number> {
  const values = await load();
  return new Stats().add(values.reduce((a, b) => a + b, 0) / values.length).mean();
}
`

const typicalPublicTests = `import { describe, it, expect } from '@ohos/hypium';
import { movingAverage, Stats } from './main';

export default function publicTests() {
  describe('movingAverage', () => {
    it('averages a full window', 0, () => {
      expect(movingAverage([1, 2, 3], 3)).assertDeepEquals([2]);
    });
    it('slides the window', 0, () => {
      expect(movingAverage([1, 2, 3, 4, 5], 2)).assertDeepEquals([1.5, 2.5, 3.5, 4.5]);
    });
    it('returns nothing for a short input', 0, () => {
      expect(movingAverage([1], 2).length).assertEqual(0);
    });
    it('rejects a bad window', 0, () => {
      expect(() => movingAverage([1, 2], 0)).assertThrowError('window must be a positive integer');
    });
  });
  describe('Stats', () => {
    it('computes the mean', 0, () => {
      expect(new Stats().add(1).add(2).add(4).mean()).assertClose(2.3333, 0.001);
    });
  });
}
`

const typicalHiddenTests = `import { describe, it, expect, beforeEach } from '@ohos/hypium';
import { movingAverage, groupBySensor, Stats, fetchAverage } from './main';

export default function hiddenTests() {
  describe('hidden', () => {
    let stats: Stats = new Stats();
    beforeEach(() => {
      stats = new Stats();
    });
    it('mean of nothing is NaN', 0, () => {
      expect(stats.mean()).assertNaN();
    });
    it('max of nothing is undefined', 0, () => {
      expect(stats.max()).assertUndefined();
    });
    it('groups readings', 0, () => {
      const g = groupBySensor([{ sensor: 'a', value: 1 }, { sensor: 'b', value: 2 }, { sensor: 'a', value: 3 }]);
      expect(g.get('a')).assertDeepEquals([1, 3]);
      expect(g.size).assertEqual(2);
    });
    it('handles large input', 0, () => {
      const xs: number[] = [];
      for (let i = 0; i < 1000; i++) {
        xs.push(i);
      }
      const avg = movingAverage(xs, 10);
      expect(avg.length).assertEqual(991);
      expect(avg[0]).assertEqual(4.5);
    });
    it('awaits a loader', 0, async () => {
      const v = await fetchAverage(() => Promise.resolve([2, 4]));
      expect(v).assertEqual(3);
    });
  });
}
`
