package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"qcadmin/audit"
	"qcadmin/views"
)

// diffContext is how many unchanged lines stay around each change; longer stretches fold.
const diffContext = 3

// LineDiff compares two texts line by line, so a reader sees whole lines
// added and removed rather than scattered characters.
func LineDiff(before, after, beforeLabel, afterLabel string) views.Diff {
	before, after = diffText(before), diffText(after)
	d := views.Diff{BeforeLabel: beforeLabel, AfterLabel: afterLabel}
	var all []views.DiffLine
	all, d.Added, d.Removed = diffLines(before, after)
	d.Lines = fold(all)
	return d
}

// diffLines is every line of both texts in diff order, numbered on each side.
func diffLines(before, after string) (lines []views.DiffLine, added, removed int) {
	dmp := diffmatchpatch.New()
	a, b, table := dmp.DiffLinesToChars(before, after)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(a, b, false), table)
	oldNo, newNo := 0, 0
	for _, part := range diffs {
		for _, line := range splitLines(part.Text) {
			l := views.DiffLine{Text: line}
			switch part.Type {
			case diffmatchpatch.DiffEqual:
				oldNo, newNo = oldNo+1, newNo+1
				l.Kind, l.Old, l.New = "eq", strconv.Itoa(oldNo), strconv.Itoa(newNo)
			case diffmatchpatch.DiffDelete:
				oldNo++
				l.Kind, l.Old = "del", strconv.Itoa(oldNo)
				removed++
			case diffmatchpatch.DiffInsert:
				newNo++
				l.Kind, l.New = "ins", strconv.Itoa(newNo)
				added++
			}
			lines = append(lines, l)
		}
	}
	return lines, added, removed
}

// diffText ends every text with a line break, so a missing last one is no difference.
func diffText(s string) string {
	s = UnixNewlines(s)
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}

func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\n")
	}
	return lines
}

// fold keeps the unchanged lines near a change and replaces each longer stretch with one line saying how long it is.
func fold(lines []views.DiffLine) []views.DiffLine {
	keep := make([]bool, len(lines))
	for i, l := range lines {
		if l.Kind != "eq" {
			for j := max(0, i-diffContext); j <= min(len(lines)-1, i+diffContext); j++ {
				keep[j] = true
			}
		}
	}
	var out []views.DiffLine
	for i := 0; i < len(lines); {
		if keep[i] {
			out = append(out, lines[i])
			i++
			continue
		}
		j := i
		for j < len(lines) && !keep[j] {
			j++
		}
		if j-i == 1 {
			out = append(out, lines[i])
		} else {
			out = append(out, views.DiffLine{Kind: "skip", Text: "⋯ " + strconv.Itoa(j-i) + " unchanged lines"})
		}
		i = j
	}
	return out
}

// ArticleChange compares two versions of an article: title, tags and content.
func ArticleChange(before, after audit.ArticleVersion, beforeLabel, afterLabel string) views.ArticleChange {
	return views.ArticleChange{
		TitleBefore: before.Title, TitleAfter: after.Title,
		TagsBefore: strings.Join(before.Tags, ", "), TagsAfter: strings.Join(after.Tags, ", "),
		Content: LineDiff(before.Content, after.Content, beforeLabel, afterLabel),
	}
}

// PrettyJSON indents a JSON body so its diff reads field by field; anything else is shown as it is.
func PrettyJSON(body string) string {
	if body == "" {
		return ""
	}
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(body), "", "  ") != nil {
		return body
	}
	return buf.String()
}
