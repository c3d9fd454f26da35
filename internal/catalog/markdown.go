package catalog

import (
	"bytes"
	"net/url"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Lessons and statements are written by course authors, not learners, but
// they are still rendered defensively: raw HTML is dropped (goldmark without
// WithUnsafe replaces it by a comment), and links or images whose URL has a
// scheme other than http, https or mailto are reduced to their text, so
// that no javascript:, vbscript: or data: URL reaches the page.

var markdownRenderer = goldmark.New(
	goldmark.WithExtensions(extension.GFM),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safeLinks{}, 100))),
)

// markdownParser parses without the link transformer, for the linter.
var markdownParser = goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser()

// RenderMarkdown renders course Markdown (CommonMark with GFM tables,
// strikethrough, autolinks and task lists) to HTML that is safe to insert in
// a page. Fenced code keeps its language as class="language-xxx" for the
// front end's highlighter.
func RenderMarkdown(src string) (string, error) {
	var buf bytes.Buffer
	if err := markdownRenderer.Convert([]byte(src), &buf); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// safeURL reports whether a link or image URL may be rendered: relative
// URLs and http, https and mailto URLs. It judges the URL as the renderer
// writes it into href or src: entities resolved, then percent-escaped (so a
// tab hidden in "java&#9;script:" becomes %09 and no longer forms a scheme).
func safeURL(dest []byte, resolveReferences bool) bool {
	u := strings.ToLower(string(util.URLEscape(dest, resolveReferences)))
	if hidesScheme(u) {
		return false
	}
	i := strings.IndexAny(u, ":/?#")
	if i < 0 || u[i] != ':' || !schemeRE.MatchString(u[:i]) {
		return true // no scheme: a relative URL
	}
	switch u[:i] {
	case "http", "https", "mailto":
		return true
	}
	return false
}

var schemeRE = regexp.MustCompile(`^[a-z][a-z0-9+.-]*$`)

// hidesScheme reports a URL that spells a script or data scheme once
// percent-escapes are decoded and blanks and control characters removed.
// Browsers would take it as a relative URL, but nothing legitimate looks
// like that, so it is dropped too.
func hidesScheme(u string) bool {
	if d, err := url.PathUnescape(u); err == nil {
		u = d
	}
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	for _, s := range []string{"javascript:", "vbscript:", "data:", "file:"} {
		if strings.HasPrefix(u, s) {
			return true
		}
	}
	return false
}

// safeLinks replaces links and images with unsafe URLs by their content.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var unsafe []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && !linkIsSafe(n, src) {
			unsafe = append(unsafe, n)
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unsafe {
		parent := n.Parent()
		if parent == nil {
			continue
		}
		if al, ok := n.(*ast.AutoLink); ok {
			parent.ReplaceChild(parent, n, ast.NewString(al.Label(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			n.RemoveChild(n, c)
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// linkIsSafe reports whether n is not a link or image, or one with a safe URL.
func linkIsSafe(n ast.Node, src []byte) bool {
	switch n := n.(type) {
	case *ast.Link:
		return safeURL(n.Destination, true)
	case *ast.Image:
		return safeURL(n.Destination, true)
	case *ast.AutoLink:
		return safeURL(n.URL(src), false)
	}
	return true
}

// markdownIssue is something in Markdown that will not render as its author
// expects.
type markdownIssue struct {
	line    int // 1-based, in the Markdown source
	message string
}

// checkMarkdown finds raw HTML (which is dropped) and links with unsafe
// URLs (which are reduced to text).
func checkMarkdown(src string) []markdownIssue {
	source := []byte(src)
	doc := markdownParser.Parse(text.NewReader(source))
	lineAt := func(off int) int { return 1 + bytes.Count(source[:min(off, len(source))], []byte("\n")) }
	var issues []markdownIssue
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock:
			if n.HTMLBlockType != ast.HTMLBlockType2 && n.Lines().Len() > 0 { // comments are fine
				issues = append(issues, markdownIssue{lineAt(n.Lines().At(0).Start), "raw HTML is dropped when the page is rendered; use Markdown"})
			}
		case *ast.RawHTML:
			if n.Segments.Len() == 0 {
				break
			}
			if seg := n.Segments.At(0); !bytes.HasPrefix(seg.Value(source), []byte("<!--")) {
				issues = append(issues, markdownIssue{lineAt(seg.Start), "raw HTML is dropped when the page is rendered; use Markdown"})
			}
		}
		if !linkIsSafe(n, source) {
			issues = append(issues, markdownIssue{lineAt(nodeOffset(n)), "link or image with an unsafe URL scheme (only http, https, mailto and relative URLs) is rendered as plain text"})
		}
		return ast.WalkContinue, nil
	})
	// One issue of a kind a line is enough ("<b>x</b>" is two raw HTML nodes).
	out := issues[:0]
	seen := map[markdownIssue]bool{}
	for _, is := range issues {
		if !seen[is] {
			seen[is] = true
			out = append(out, is)
		}
	}
	return out
}

// nodeOffset returns a source offset inside n: its first text segment, or
// the first line of the nearest block that holds it.
func nodeOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off >= 0 {
		return off
	}
	for p := n; p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}
