package inbox

import (
	"net/url"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/web"
)

func TestQuestionOfIsTheVisitorsMessageBeforeTheLastAnswer(t *testing.T) {
	msg := func(author, text string) apiclient.Event {
		return apiclient.Event{Type: "message", Author: author, Text: text}
	}
	cases := []struct {
		name             string
		events           []apiclient.Event
		question, answer string
	}{
		{"answered", []apiclient.Event{msg("visitor", "Hi"), msg("ai_assistant", "Hello"), msg("visitor", "Returns?"), {Type: "link_click", URL: "https://x"}, msg("ai_assistant", "30 days.")}, "Returns?", "30 days."},
		{"asked last, not answered", []apiclient.Event{msg("visitor", "Hi"), msg("ai_assistant", "Hello"), msg("visitor", "Still there?")}, "Hi", "Hello"},
		{"an operator's reply is not the agent's", []apiclient.Event{msg("visitor", "Refund?"), msg("human_operator", "Sure")}, "Refund?", ""},
		{"no visitor", []apiclient.Event{msg("ai_assistant", "Welcome!")}, "", ""},
		{"greeting before the visitor", []apiclient.Event{msg("ai_assistant", "Welcome!"), msg("visitor", "Price?")}, "Price?", ""},
	}
	for _, tc := range cases {
		x := exchangeOf(tc.events, "")
		if x.Question != tc.question || x.Answer != tc.answer {
			t.Errorf("%s: got %q / %q, want %q / %q", tc.name, x.Question, x.Answer, tc.question, tc.answer)
		}
	}

	// The reviewer chose an earlier answer; an unknown or a visitor's id falls back to the last answer.
	events := []apiclient.Event{
		{ID: "1", Type: "message", Author: "visitor", Text: "Shipping?"}, {ID: "2", Type: "message", Author: "ai_assistant", Text: "2 days."},
		{ID: "3", Type: "message", Author: "visitor", Text: "Returns?"}, {ID: "4", Type: "message", Author: "ai_assistant", Text: "30 days."},
	}
	for answerID, want := range map[string][2]string{"2": {"Shipping?", "2 days."}, "4": {"Returns?", "30 days."}, "9": {"Returns?", "30 days."}, "1": {"Returns?", "30 days."}} {
		if x := exchangeOf(events, answerID); x.Question != want[0] || x.Answer != want[1] {
			t.Errorf("answer %s chosen: got %q / %q, want %v", answerID, x.Question, x.Answer, want)
		}
	}
}

// A long answer is shortened so the prefilled editor's address stays within what proxies take.
func TestDraftHrefStaysWithinAProxysLimit(t *testing.T) {
	answer := strings.Repeat("Zażółć gęślą jaźń.\n", 2000)
	href := draftHref(web.FixOf{ConversationID: "c1", Label: "#4"}, strings.Repeat("why ", 300), answer)
	if len(href) > fixPrefillSize {
		t.Fatalf("href is %d bytes", len(href))
	}
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if got := []rune(q.Get("title")); len(got) != fixTitleMax+1 || string(got[len(got)-1]) != "…" {
		t.Errorf("title %q", string(got))
	}
	content := q.Get("content")
	if !strings.HasPrefix(content, "> Agent's answer in conversation #4 — remove before publishing:\n>\n> Zażółć gęślą jaźń.\n") || !strings.Contains(content, "…") {
		t.Errorf("content starts %q", content[:min(200, len(content))])
	}
	if q.Get("fix_conversation") != "c1" || q.Get("fix_label") != "#4" {
		t.Errorf("fix fields %v", q)
	}
}
