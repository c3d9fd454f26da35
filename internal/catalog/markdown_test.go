package catalog

import (
	"strings"
	"testing"
)

func TestRenderMarkdown(t *testing.T) {
	cases := []struct {
		name    string
		src     string
		want    []string // substrings of the HTML
		notWant []string // substrings the HTML must not hold (case-insensitive)
	}{
		{"heading and emphasis", "# 标题\n\n**粗体** 与 *斜体*", []string{"<h1>标题</h1>", "<strong>粗体</strong>", "<em>斜体</em>"}, nil},
		{"GFM table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<th>a</th>", "<td>2</td>"}, nil},
		{"strikethrough", "~~旧~~", []string{"<del>旧</del>"}, nil},
		{"code fence keeps its language", "```ts\nlet x = 1 < 2;\n```", []string{`<pre><code class="language-ts">let x = 1 &lt; 2;`}, nil},
		{"code fence language is escaped", "```\"><script>alert(1)</script>\nx\n```", []string{`class="language-&quot;&gt;&lt;script&gt;`}, []string{"<script>"}},
		{"safe links are kept", "[doc](https://developer.huawei.com/) [rel](../intro) [mail](mailto:a@b.cn) [frag](#top)",
			[]string{`<a href="https://developer.huawei.com/">doc</a>`, `<a href="../intro">rel</a>`, `<a href="mailto:a@b.cn">mail</a>`, `<a href="#top">frag</a>`}, nil},
		{"script block", "<script>alert(1)</script>\n\ntext", []string{"<p>text</p>"}, []string{"<script", "alert(1)"}},
		{"inline event handler", "hi <img src=x onerror=alert(1)> there", []string{"hi ", " there"}, []string{"<img", "onerror"}},
		{"html block with handler", "<div onmouseover=\"alert(1)\">x</div>", nil, []string{"<div", "onmouseover"}},
		{"iframe", "<iframe src=\"https://evil.example\"></iframe>", nil, []string{"<iframe"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"click"}, []string{"<a", "javascript:"}},
		{"javascript link, mixed case", "[click](JavaScript:alert(1))", []string{"click"}, []string{"<a", "javascript:"}},
		{"javascript link hidden by an entity", "[click](javascript&#58;alert(1))", []string{"click"}, []string{"<a", "javascript"}},
		{"javascript link hidden by a tab entity", "[click](java&#9;script:alert(1))", []string{"click"}, []string{"<a"}},
		{"javascript link in angle brackets", "[click](<javascript:alert(1)>)", []string{"click"}, []string{"<a"}},
		{"javascript reference link", "[click][x]\n\n[x]: javascript:alert(1)", []string{"click"}, []string{"<a", "javascript:"}},
		{"javascript autolink", "<javascript:alert(1)>", []string{"javascript:alert(1)"}, []string{"<a", "href"}},
		{"vbscript link", "[v](vbscript:msgbox(1))", []string{"v"}, []string{"<a", "href"}},
		{"data link", "[d](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", []string{"d"}, []string{"<a", "data:"}},
		{"data image", "![alt](data:image/svg+xml;base64,PHN2Zz4=)", []string{"alt"}, []string{"<img", "data:"}},
		{"javascript image inside javascript link", "[![i](javascript:a)](javascript:b)", []string{"<p>i</p>"}, []string{"<a", "<img"}},
		{"image kept", "![logo](https://example.com/logo.png)", []string{`<img src="https://example.com/logo.png" alt="logo">`}, nil},
		{"link title cannot break out", `[x](https://a.cn "t\" onmouseover=\"alert(1)")`, []string{"&quot; onmouseover=&quot;"}, []string{`" onmouseover="`}},
		{"autolinked URL", "see https://gitee.com/openharmony", []string{`<a href="https://gitee.com/openharmony">`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			html, err := RenderMarkdown(c.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(html, w) {
					t.Errorf("HTML lacks %q:\n%s", w, html)
				}
			}
			lower := strings.ToLower(html)
			for _, w := range c.notWant {
				if strings.Contains(lower, strings.ToLower(w)) {
					t.Errorf("HTML holds %q:\n%s", w, html)
				}
			}
		})
	}
}

func TestCheckMarkdown(t *testing.T) {
	src := "# T\n\n<div>block</div>\n\ntext <b>bold</b> [x](javascript:y)\n\n<!-- a comment is fine -->\n\n[ok](https://a.cn)\n"
	got := checkMarkdown(src)
	want := []struct {
		line int
		msg  string
	}{{3, "raw HTML"}, {5, "raw HTML"}, {5, "unsafe URL"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i, w := range want {
		if got[i].line != w.line || !strings.Contains(got[i].message, w.msg) {
			t.Errorf("issue %d = %v, want line %d %q", i, got[i], w.line, w.msg)
		}
	}
}
