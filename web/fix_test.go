package web

import (
	"net/url"
	"strings"
	"testing"
)

// A fix carries the visitor's question and the answer's id from the fix page to the save; what cannot be them is dropped.
func TestReadFixOfCarriesTheQuestion(t *testing.T) {
	in := FixOf{ConversationID: "c-1", Label: "#4", Question: `Is <b>it</b> "sold"?`, AnswerID: "evt-9"}
	v := url.Values{}
	in.Set(v)
	if got := ReadFixOf(v); got == nil || *got != in {
		t.Fatalf("read back %+v, want %+v", got, in)
	}
	v.Set("fix_question", strings.Repeat("a", MaxFixQuestion+1))
	v.Set("fix_answer", "../evt")
	v.Set("fix_label", "<b>#4</b>")
	got := ReadFixOf(v)
	if got == nil || got.Question != "" || got.AnswerID != "" || got.Label != "" || got.ConversationID != "c-1" {
		t.Errorf("an outsized question, a path as answer id and a marked-up label: %+v", got)
	}
	v.Set("fix_question", "  \xff  ")
	if got := ReadFixOf(v); got == nil || got.Question != "" {
		t.Errorf("a question that is not UTF-8: %+v", got)
	}
}
