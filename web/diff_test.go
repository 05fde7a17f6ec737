package web

import (
	"strings"
	"testing"
)

func TestLineDiffFoldsLongUnchangedStretches(t *testing.T) {
	var before, after []string
	for i := range 20 {
		line := "line " + string(rune('a'+i))
		before = append(before, line)
		after = append(after, line)
	}
	after[10] = "changed"
	d := LineDiff(strings.Join(before, "\n"), strings.Join(after, "\r\n")+"\n", "before", "after")
	var kinds []string
	for _, l := range d.Lines {
		kinds = append(kinds, l.Kind)
	}
	want := "skip eq eq eq del ins eq eq eq skip"
	if strings.Join(kinds, " ") != want || d.Added != 1 || d.Removed != 1 {
		t.Fatalf("kinds %v (+%d −%d), want %s", kinds, d.Added, d.Removed, want)
	}
	if d.Lines[0].Text != "⋯ 7 unchanged lines" || d.Lines[4].Old != "11" || d.Lines[5].New != "11" {
		t.Errorf("lines %+v", d.Lines)
	}
	if same := LineDiff("a\nb", "a\nb\n", "", ""); !same.Same() {
		t.Errorf("a missing last line break is a difference: %+v", same)
	}
	if created := LineDiff("", "one\ntwo", "", ""); created.Added != 2 || created.Removed != 0 {
		t.Errorf("from nothing: %+v", created)
	}
}

// Reading a diff's old side gives the old text and its new side the new text, whatever the texts.
func FuzzLineDiff(f *testing.F) {
	f.Add("one\ntwo\nthree\n", "one\n2\nthree\nfour\n")
	f.Add("", "x")
	f.Add("a\n\n\nb\n", "\n")
	f.Add("same\n", "same\n")
	f.Fuzz(func(t *testing.T, before, after string) {
		before, after = diffText(before), diffText(after)
		lines, added, removed := diffLines(before, after)
		var oldSide, newSide strings.Builder
		ins, del := 0, 0
		for _, l := range lines {
			if l.Kind != "ins" {
				oldSide.WriteString(l.Text + "\n")
			}
			if l.Kind != "del" {
				newSide.WriteString(l.Text + "\n")
			}
			switch l.Kind {
			case "ins":
				ins++
			case "del":
				del++
			}
		}
		if oldSide.String() != before || newSide.String() != after || ins != added || del != removed {
			t.Fatalf("diff of %q → %q reads back as %q → %q", before, after, oldSide.String(), newSide.String())
		}
		folded := fold(lines)
		if len(folded) > len(lines) {
			t.Fatalf("folding added lines")
		}
		for _, l := range folded {
			if l.Kind == "skip" && !strings.HasSuffix(l.Text, "unchanged lines") {
				t.Fatalf("skip row %q", l.Text)
			}
		}
	})
}
