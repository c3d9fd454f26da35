package arkui

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// The transform never adds or removes a line break, so line N of the
// output is line N of the learner's file; only columns move where ArkUI
// syntax was rewritten. Two things still need exact columns:
//
//   - esbuild's compile errors, located in the output, which Original maps
//     back through the segments below;
//   - runtime errors, which goja locates through the bundle's source map;
//     esbuild composes it with the inline source map appended to the output
//     here, so stack positions land in the learner's own text.

// edit replaces src[start:end] with text (an insertion when start == end).
type edit struct {
	start, end int
	text       string
}

// segment says where a stretch of output came from. Inside a copied
// stretch every byte maps to its own source byte; a generated stretch maps
// as a whole to the source position it stands for.
type segment struct {
	gen  int
	orig int
	copy bool
}

// applyEdits builds the output from src and edits, with its segments.
// tokStarts (sorted) adds a segment at every token of copied text, since
// source-map consumers do not interpolate within a segment.
func applyEdits(src string, edits []edit, tokStarts []int) (string, []segment, error) {
	// At one offset, insertions come before a replacement starting there:
	// what is inserted at the end of one token precedes a rewrite of the
	// next.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].start != edits[j].start {
			return edits[i].start < edits[j].start
		}
		return edits[i].end == edits[i].start && edits[j].end != edits[j].start
	})
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	var segs []segment
	pos := 0
	copySpan := func(from, to int) {
		if from >= to {
			return
		}
		k := sort.SearchInts(tokStarts, from)
		segs = append(segs, segment{gen: b.Len(), orig: from, copy: true})
		for ; k < len(tokStarts) && tokStarts[k] < to; k++ {
			if tokStarts[k] > from {
				segs = append(segs, segment{gen: b.Len() + tokStarts[k] - from, orig: tokStarts[k], copy: true})
			}
		}
		b.WriteString(src[from:to])
	}
	for _, e := range edits {
		if e.start < pos {
			return "", nil, fmt.Errorf("internal error: overlapping rewrites at byte %d", e.start)
		}
		copySpan(pos, e.start)
		if e.text != "" {
			segs = append(segs, segment{gen: b.Len(), orig: e.start})
			b.WriteString(e.text)
		}
		pos = e.end
	}
	copySpan(pos, len(src))
	return b.String(), segs, nil
}

// lineIndex answers line and column questions about one text.
type lineIndex struct {
	text   string
	starts []int // byte offset of each line's first byte
}

func newLineIndex(text string) *lineIndex {
	li := &lineIndex{text: text, starts: []int{0}}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			li.starts = append(li.starts, i+1)
		}
	}
	return li
}

// pos returns the 0-based line and byte column of offset off.
func (li *lineIndex) pos(off int) (line, col int) {
	line = sort.SearchInts(li.starts, off+1) - 1
	return line, off - li.starts[line]
}

// utf16Col converts a byte column on a 0-based line to UTF-16 units.
func (li *lineIndex) utf16Col(line, byteCol int) int {
	s := li.starts[line]
	end := min(s+byteCol, len(li.text))
	n := 0
	for _, r := range li.text[s:end] {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// lineText returns the text of a 0-based line without its line break.
func (li *lineIndex) lineText(line int) string {
	if line < 0 || line >= len(li.starts) {
		return ""
	}
	s := li.starts[line]
	e := len(li.text)
	if line+1 < len(li.starts) {
		e = li.starts[line+1] - 1
	}
	return strings.TrimSuffix(li.text[s:e], "\r")
}

// offset converts a 0-based line and byte column to an offset.
func (li *lineIndex) offset(line, col int) int {
	if line < 0 {
		return 0
	}
	if line >= len(li.starts) {
		return len(li.text)
	}
	return min(li.starts[line]+max(col, 0), len(li.text))
}

// sourceMap renders segs as a version 3 source map of gen against src.
func sourceMap(name, src, gen string, segs []segment) string {
	type pair struct{ gen, orig int }
	pairs := make([]pair, 0, len(segs)+16)
	for i, s := range segs {
		pairs = append(pairs, pair{s.gen, s.orig})
		if !s.copy {
			continue
		}
		end := len(gen)
		if i+1 < len(segs) {
			end = segs[i+1].gen
		}
		// Each output line needs its own first mapping.
		for j := s.gen; j < end; j++ {
			if gen[j] == '\n' && j+1 < end {
				pairs = append(pairs, pair{j + 1, s.orig + j + 1 - s.gen})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool { return pairs[i].gen < pairs[j].gen })
	gi, si := newLineIndex(gen), newLineIndex(src)
	var m strings.Builder
	genLine, prevGenCol, prevOrigLine, prevOrigCol := 0, 0, 0, 0
	first := true
	for _, p := range pairs {
		gl, gc := gi.pos(p.gen)
		for genLine < gl {
			m.WriteByte(';')
			genLine++
			prevGenCol = 0
			first = true
		}
		if !first {
			m.WriteByte(',')
		}
		first = false
		gcol := gi.utf16Col(gl, gc)
		ol, oc := si.pos(p.orig)
		ocol := si.utf16Col(ol, oc)
		writeVLQ(&m, gcol-prevGenCol)
		writeVLQ(&m, 0) // source index
		writeVLQ(&m, ol-prevOrigLine)
		writeVLQ(&m, ocol-prevOrigCol)
		prevGenCol, prevOrigLine, prevOrigCol = gcol, ol, ocol
	}
	doc, _ := json.Marshal(map[string]any{
		"version":        3,
		"sources":        []string{name},
		"sourcesContent": []string{src},
		"names":          []string{},
		"mappings":       m.String(),
	})
	return string(doc)
}

const base64VLQ = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

func writeVLQ(b *strings.Builder, v int) {
	u := v << 1
	if v < 0 {
		u = (-v << 1) | 1
	}
	for {
		digit := u & 31
		u >>= 5
		if u > 0 {
			digit |= 32
		}
		b.WriteByte(base64VLQ[digit])
		if u == 0 {
			return
		}
	}
}

func inlineSourceMap(doc string) string {
	return "\n//# sourceMappingURL=data:application/json;charset=utf-8;base64," + base64.StdEncoding.EncodeToString([]byte(doc)) + "\n"
}

// utf16Len counts the UTF-16 code units of s.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
