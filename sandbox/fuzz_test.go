package sandbox

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzArticleBodies feeds arbitrary bytes to the article create, update and delete body parsers:
// they must never panic, must fail only with a 400 or 422, and must only accept values within the limits.
func FuzzArticleBodies(f *testing.F) {
	for _, seed := range []string{
		`{"content":"Our return policy allows returns within 30 days.","title":"Return Policy"}`,
		`{"content":"x","type":"Paragraph"}`,
		`{"content":"x","type":"URL"}`,
		`{"content":""}`,
		`{"content":42}`,
		`{"title":"Updated","content":"60 days","save_mode":"publish","tags":["a"," b ","a"]}`,
		`{"tags":["` + strings.Repeat("t", 51) + `"]}`,
		`{"tags":[null, "x"]}`,
		`{"save_mode":null}`,
		`{"unknown":1}`,
		`[1, 2, 3]`,
		`{"ids":[1,1,2]}`,
		`[1e400]`,
		`[-1, 0, 9223372036854775807]`,
		`{"content":"\u0000\ud800"}`,
		`{"content":"x"} trailing`,
		`{`,
		``,
		`null`,
		"\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var create articleCreateRequest
		if err := decodeJSON(body, &create); err == nil {
			if c, err := create.validate(); err == nil {
				if strings.TrimSpace(c.Content) == "" || utf8.RuneCountInString(c.Content) > maxContent || utf8.RuneCountInString(c.Title) > maxTitle {
					t.Errorf("accepted create out of limits: %+v", c)
				}
				if c.Type != typeArticle && c.Type != typeParagraph {
					t.Errorf("accepted type %q", c.Type)
				}
			} else {
				wantClientError(t, err)
			}
		} else {
			wantClientError(t, err)
		}

		var update articleUpdateRequest
		if err := decodeJSON(body, &update); err == nil {
			if p, err := update.validate(); err == nil {
				if len(p.Tags) > maxTagsPerArt {
					t.Errorf("accepted %d tags", len(p.Tags))
				}
				for _, tag := range p.Tags {
					if tag != strings.TrimSpace(tag) || tag == "" || utf8.RuneCountInString(tag) > maxTag {
						t.Errorf("accepted tag %q", tag)
					}
				}
			} else {
				wantClientError(t, err)
			}
		} else {
			wantClientError(t, err)
		}

		if ids, err := parseArticleIDs(body); err == nil {
			if len(ids) == 0 || len(ids) > maxDeleteIDs {
				t.Errorf("accepted %d ids", len(ids))
			}
		} else {
			wantClientError(t, err)
		}
	})
}

func wantClientError(t *testing.T, err error) {
	t.Helper()
	var ae *apiError
	if !errors.As(err, &ae) {
		t.Fatalf("error %v is not an API error (would be a 500)", err)
	}
	if ae.status != http.StatusBadRequest && ae.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d for bad input: %s", ae.status, ae.message)
	}
	if ae.message == "" {
		t.Fatal("empty error message")
	}
}
