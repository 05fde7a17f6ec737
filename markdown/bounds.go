package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark (v1.8.7) spends time that grows with the square of the input on
// shapes anyone can type; see "Rendering what a person can make expensive"
// in BENCHMARKS.md. Two of them are bounded here, in ways that change nothing
// a real article writes:
//
//   - Every "](" makes the link parser (parser/link.go, parseLinkDestination)
//     read on to the end of the line in search of the destination, so a line of
//     "[a](" repeated costs (line length)²/4. The parser sees at most
//     maxDestination bytes of a line after "](": a destination longer than that
//     is not read as a link.
//   - Every level of nested block quotes and lists makes the block parser
//     (parser.openBlocks, text.reader.LineOffset, isThematicBreak) measure the
//     line again, so ">>>>…" or "- - - …" costs (depth)². Quotes and lists
//     nest at most maxNesting levels; a deeper marker is text.
//   - A GFM table gives every row as many cells as its header, so a header of
//     n columns over n short lines makes n² cells of HTML. A paragraph that
//     could make more than maxTableCells cells stays a paragraph.
//
// What is left (nested "[[[…]]]", whose every "]" makes the link parser walk
// what the brackets hold) PreviewLimit bounds.
const (
	maxDestination = 2048
	maxNesting     = 32
	maxTableCells  = 10_000
)

// gfm is extension.GFM with its tables bounded as above.
var gfm = []goldmark.Extender{extension.Linkify, smallTables{}, extension.Strikethrough, extension.TaskList}

// smallTables is extension.Table for tables of at most maxTableCells cells.
type smallTables struct{}

func (smallTables) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		parser.WithParagraphTransformers(util.Prioritized(tableCells{extension.NewTableParagraphTransformer()}, 200)),
		parser.WithASTTransformers(util.Prioritized(extension.NewTableASTTransformer(), 0)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(extension.NewTableHTMLRenderer(), 500)))
}

type tableCells struct{ parser.ParagraphTransformer }

// Transform makes a table only when its lines times its widest line's cells stay within maxTableCells.
func (t tableCells) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	widest := 0
	for i := range lines.Len() {
		line := lines.At(i)
		widest = max(widest, bytes.Count(line.Value(reader.Source()), []byte("|"))+1)
	}
	if lines.Len()*widest > maxTableCells {
		return
	}
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// newParser is goldmark's default parser with quotes, lists and links bounded as above.
func newParser() parser.Parser {
	blocks := parser.DefaultBlockParsers()
	for i, b := range blocks {
		if isContainer(b.Value) {
			blocks[i].Value = shallow{b.Value.(parser.BlockParser)}
		}
	}
	inlines := parser.DefaultInlineParsers()
	for i, p := range inlines {
		if p.Priority == linkPriority {
			inlines[i].Value = shortDestinations{p.Value.(parser.InlineParser)}
		}
	}
	return parser.NewParser(
		parser.WithBlockParsers(blocks...),
		parser.WithInlineParsers(inlines...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
}

// linkPriority is the link parser's place among goldmark's default inline parsers.
const linkPriority = 200

// isContainer tells the block parsers that open quotes, lists and list items:
// the ones whose nodes can hold themselves.
func isContainer(v any) bool {
	bp, ok := v.(parser.BlockParser)
	if !ok {
		return false
	}
	// The block quote parser starts at '>'; the list and list item parsers
	// are the only default ones that start at a digit.
	for _, c := range bp.Trigger() {
		if c == '>' || c == '1' {
			return true
		}
	}
	return false
}

// shallow opens its block only while fewer than maxNesting quotes and lists enclose it.
type shallow struct{ parser.BlockParser }

func (s shallow) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	if nesting(parent) >= maxNesting {
		return nil, parser.NoChildren
	}
	return s.BlockParser.Open(parent, reader, pc)
}

// nesting counts the quotes, lists and list items around n, up to maxNesting.
func nesting(n ast.Node) int {
	d := 0
	for ; n != nil && d < maxNesting; n = n.Parent() {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindList, ast.KindListItem:
			d++
		}
	}
	return d
}

// shortDestinations is goldmark's link parser reading at most maxDestination
// bytes after "](" (or "](<"), so each link costs at most that much.
type shortDestinations struct{ parser.InlineParser }

func (s shortDestinations) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > maxDestination+2 && line[0] == ']' && line[1] == '(' {
		return s.InlineParser.Parse(parent, shortLine{Reader: block, n: maxDestination + 2}, pc)
	}
	return s.InlineParser.Parse(parent, block, pc)
}

// CloseBlock passes the end of a paragraph on to the link parser, which keeps state across it.
func (s shortDestinations) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	if cb, ok := s.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// shortLine shows at most n bytes of the current line from where it starts reading.
type shortLine struct {
	text.Reader
	n int
}

func (s shortLine) PeekLine() ([]byte, text.Segment) {
	line, seg := s.Reader.PeekLine()
	if len(line) > s.n {
		line = line[:s.n]
		seg.Stop = seg.Start + s.n
	}
	return line, seg
}
