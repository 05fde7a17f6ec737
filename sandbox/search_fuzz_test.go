package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzSearchQuery sends arbitrary queries with every combination of flags: the search must answer
// 200 (or 422 for a blank query or one of too many words), never 5xx, and every mark it returns must
// be exactly where its code point offsets say.
func FuzzSearchQuery(f *testing.F) {
	sb, err := Open(Config{DataDir: f.TempDir(), Secret: "fuzz"})
	if err != nil {
		f.Fatal(err)
	}
	defer sb.Close()
	tok, err := sb.Token(DemoScenarioID, ScopeWrite, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	// Text in several scripts besides the English, German, French, Spanish and Polish of the seed.
	for _, content := range []string{
		"Żółw 🚲 Straße ǅemal İstanbul e\u0301cole ＡＢＣ x_y don't 3.5 ² \ue000priv.",
		"हिन्दी पाठ। 日本語のテキスト。 Ελληνικά κείμενα! Русский текст?",
		strings.Repeat("long run-on sentence without end ", 40),
	} {
		req := httptest.NewRequest("POST", articlesPath, strings.NewReader(`{"content":`+mustJSON(content)+`}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, req)
		var a articleJSON
		json.Unmarshal(rec.Body.Bytes(), &a)
		req = httptest.NewRequest("PATCH", articlesPath+itoa(a.ID), strings.NewReader(`{"save_mode":"publish","tags":["żółw","x y"]}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		sb.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}

	for _, seed := range []string{
		"return policy", "Rückgabe", "ŻÓŁW", "straße", "ß", "\"", `""`, "*", "sadd*", "NEAR(a b, 2)", "-x", "a:b", "{content}:x",
		"title : battery", "AND OR NOT", "^start", "x + y", "(", ")", "", "   ", "\x00", "\xff\xfe", "ǅemal", "İstanbul",
		"न्द", "\u094d", "\u0301", "e\u0301cole", "日本語", "🚲", "...", strings.Repeat("w ", 60), "battery charge winter",
	} {
		f.Add(seed, uint8(0))
		f.Add(seed, uint8(0xff))
	}
	f.Fuzz(func(t *testing.T, query string, flags uint8) {
		v := url.Values{"query": {query}}
		v.Set("is_case_insensitive", boolWord(flags&1 == 0))
		v.Set("with_title_url_and_tags", boolWord(flags&2 == 0))
		v.Set("strict_search", boolWord(flags&4 != 0))
		if flags&8 != 0 {
			v.Set("num_of_display_articles", "50")
			v.Set("num_of_data_articles", "1")
		}
		req := httptest.NewRequest("GET", searchPath+"?"+v.Encode(), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK:
		case http.StatusUnprocessableEntity:
			if strings.TrimSpace(query) != "" && len(wordsOf(query)) <= maxQueryTerms {
				t.Fatalf("422 for query %q: %s", query, rec.Body)
			}
			return
		default:
			t.Fatalf("status %d for query %q (flags %b): %s", rec.Code, query, flags, rec.Body)
		}
		var r searchResponse
		if err := json.Unmarshal(rec.Body.Bytes(), &r); err != nil {
			t.Fatalf("undecodable answer: %v", err)
		}
		checkSnippets(t, r)
		for _, s := range r.ArticleSnippets {
			for _, w := range s.QueryWordsIDs {
				if len(wordsOf(w.Text)) != 1 {
					t.Fatalf("mark %q is not one word", w.Text)
				}
			}
		}
	})
}

func boolWord(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
