package jsrun

import (
	"fmt"
	"testing"
)

func BenchmarkRun(b *testing.B) {
	tests := `import { describe, it, expect } from '@ohos/hypium';
import { add } from './main';
export default function t() {
  describe('add', () => {
    it('a1', 0, () => { expect(add(1, 2)).assertEqual(3); });
    it('a2', 0, () => { expect(add(1, 2)).assertEqual(3); });
    it('a3', 0, () => { expect([add(1, 2)]).assertDeepEquals([3]); });
  });
}`
	for i := 0; b.Loop(); i++ {
		res := Run(Job{
			Files: []File{{Name: "main.ts", Source: fmt.Sprintf("// %d\nexport function add(a: number, b: number): number { return a + b; }", i)}},
			Tests: []TestFile{{Name: "public.test.ts", Source: tests}},
		})
		if res.Passed != 3 {
			b.Fatal(res)
		}
	}
}
