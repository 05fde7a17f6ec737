package handlers_test

import (
	"testing"

	"qcadmin/apiclient"
)

func TestSearchMarksCharactersNotBytes(t *testing.T) {
	kb := fakeKB{search: func(apiclient.SearchParams) (*apiclient.SearchResult, error) {
		return &apiclient.SearchResult{
			ArticleSnippets: []apiclient.ArticleSnippet{{ArticleID: 9, ExpositorySentence: "Die Rückgabe dauert 30 Tage.",
				QueryWordsIDs: []apiclient.QueryWord{{StartChar: 4, EndChar: 12, Text: "Rückgabe"}}}},
			ArticleSnapshots: apiclient.Page[apiclient.Article]{Items: []apiclient.Article{{ID: 9, Title: "Rückgabe", State: "published"}}, Count: 1},
		}, nil
	}}
	c := newConsole(t, withAPI(kb))
	c.signIn()
	_, body := c.get("/search?query=R%C3%BCckgabe")
	if got := parse(t, body).Find(testid("snippet") + " mark").Text(); got != "Rückgabe" {
		t.Fatalf("highlighted %q, want the whole word Rückgabe", got)
	}
}
