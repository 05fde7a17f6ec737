package apiclient

import (
	"net/url"
	"reflect"
	"testing"
)

func TestListParagraphsQuery(t *testing.T) {
	cases := []struct {
		name string
		p    ListParagraphsParams
		want url.Values
	}{
		{"zero values are not sent", ListParagraphsParams{}, nil},
		{"pagination", ListParagraphsParams{Limit: 10, Offset: 20}, url.Values{"limit": {"10"}, "offset": {"20"}}},
		{"query", ListParagraphsParams{Query: "30 Tage & mehr"}, url.Values{"query": {"30 Tage & mehr"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/paragraphs", query: tc.want}, 200,
				`{"items":[],"offset":0,"count":0}`)
			if _, err := c.ListParagraphs(t.Context(), tc.p); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestListParagraphsDecodes(t *testing.T) {
	// The first item is the reference's example; the second carries the
	// sandbox's article_id.
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/knowledge_base/articles/paragraphs", query: url.Values{"limit": {"2"}}}, 200,
		`{"items":[{"id":1,"content":"Our return policy allows returns within 30 days."},{"id":2,"content":"Żółw ß","article_id":1234}],"offset":0,"limit":2,"count":5}`)
	got, err := c.ListParagraphs(t.Context(), ListParagraphsParams{Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := Page[Paragraph]{Items: []Paragraph{
		{ID: 1, Content: "Our return policy allows returns within 30 days."},
		{ID: 2, Content: "Żółw ß", ArticleID: ptr(int64(1234))},
	}, Limit: 2, Count: 5}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got  %+v\nwant %+v", *got, want)
	}
}
