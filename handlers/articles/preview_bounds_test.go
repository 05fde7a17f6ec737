package articles

import (
	"context"
	"strings"
	"testing"

	"qcadmin/markdown"
)

// 200,000 characters of "[a](" (11 s of rendering before the preview was bounded)
// preview as their first markdown.PreviewLimit characters, with a note saying so.
func TestLongContentPreviewsItsStartWithANote(t *testing.T) {
	p, err := markdown.New().Preview(context.Background(), strings.Repeat("[a](", 50_000))
	if err != nil {
		t.Fatal(err)
	}
	out := previewHTML(p)
	if !strings.Contains(out, "The preview shows the first 10,000 characters of 200,000.") || !strings.Contains(out, `data-testid="preview-limit"`) {
		t.Fatalf("no note: %.300s", out)
	}
	if n := strings.Count(out, "[a]("); n > markdown.PreviewLimit/4 || n < markdown.PreviewLimit/4-1 {
		t.Fatalf("%d links rendered, want the first %d characters", n, markdown.PreviewLimit)
	}
	short, _ := markdown.New().Preview(context.Background(), "# Short")
	if strings.Contains(previewHTML(short), "preview-limit") {
		t.Fatal("a short article has the note")
	}
}
