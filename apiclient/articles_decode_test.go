package apiclient

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	jsonv1 "github.com/go-json-experiment/json/v1"
)

// recordedList is the sandbox's answer to GET knowledge_base/articles/?limit=50.
func recordedList(t testing.TB) []byte {
	t.Helper()
	body, err := os.ReadFile("testdata/articles_list_50.json")
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// escapeNonASCII writes every character outside ASCII as a \u escape, as
// APIs that encode JSON ASCII-only (Python's default) send it.
func escapeNonASCII(body []byte) []byte {
	var b strings.Builder
	for _, r := range string(body) {
		switch {
		case r < utf8.RuneSelf:
			b.WriteRune(r)
		case r > 0xFFFF:
			r -= 0x10000
			fmt.Fprintf(&b, `\u%04x\u%04x`, 0xD800+(r>>10), 0xDC00+(r&0x3FF))
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	return []byte(b.String())
}

// generalDecode is what decodeAnswer did for every answer before articles
// had a decoder of their own.
func generalDecode(body []byte, out any) error {
	return jsonv2.Unmarshal(body, out, jsonv1.DefaultOptionsV1())
}

// sameAsGeneral checks that decodeAnswer gives what the general decoder
// gives for body, as a list and as one article: the same values, or an
// error from both.
func sameAsGeneral(t *testing.T, body []byte) {
	t.Helper()
	var want, got Page[Article]
	wantErr, gotErr := generalDecode(body, &want), decodeAnswer(body, &got, false)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("list %q: error %v, the general decoder's %v", body, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("list %q:\n got %#v\nwant %#v", body, got, want)
	}
	var wantA, gotA Article
	wantErr, gotErr = generalDecode(body, &wantA), decodeAnswer(body, &gotA, false)
	if (wantErr == nil) != (gotErr == nil) {
		t.Fatalf("article %q: error %v, the general decoder's %v", body, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(gotA, wantA) {
		t.Fatalf("article %q:\n got %#v\nwant %#v", body, gotA, wantA)
	}
}

// articleAnswers are answers in every shape the article decoder must agree
// with the general one on, seeds of FuzzDecodeArticles too.
var articleAnswers = []string{
	`{"items":[],"offset":0,"limit":50,"count":0}`,
	`{"items":null,"offset":null,"count":3}`,
	`{"items":[null,{"id":1}],"count":1}`,
	` {"count":1, "items" : [ {"id" : 7 , "title":"a \"quoted\" \u00e9 title\n", "tags":["x",null,"\ud83d\ude00"]} ] } `,
	`{"id":5,"content":"# Heading\n\nBody with \\ and \t","tags":[],"version":null,"max_available_version":3}`,
	`{"id":5,"Title":"other case","ID":6}`,
	`{"id":5,"title":"first","title":"second","tags":["a"],"tags":["b","c"]}`,
	`{"id":5,"url":"https://x.example/","parent_id":9,"parent_type":"Article","shortened":true,"deploy_state":"deployed"}`,
	`{"id":5,"url":null,"parent_id":null,"shortened":null,"title":null,"downloaded_timestamp":null}`,
	`{"id":5,"extra":{"nested":[1,2,{"a":null}]},"more":[true,false],"x":1.5e3}`,
	`{"id":1.0}`, `{"id":1e2}`, `{"id":-0}`, `{"id":99999999999999999999}`, `{"id":"5"}`,
	`{"version":2147483648}`, `{"version":-1}`, `{"shortened":"yes"}`, `{"tags":"a"}`, `{"tags":[1]}`,
	`{"title":"bad utf8 ` + "\xff" + `"}`, `{"ti\u0074le":"escaped name"}`,
	`{"items":{}}`, `{"items":[1]}`, `{"items":[{"id":1}],"items":[{"id":2},{"id":3}]}`,
	`{"id":1} {"id":2}`, `{"id":1}x`, "{\"id\":1}\x00", `{"id":01}`, `{"id":-}`, `{"x":-01.5}`, `{"x":1.}`, `{"x":1e}`, `{"x":[1,]}`, `{"x":{"a":1,}}`, `{"x":tru}`, `{"x":"\u12"}`, "{\"title\":\"tab\there\"}", `{"id":1`, `{"id":}`, `null`, `[]`, `"text"`, ``, `{}`,
	`{"id":1,"title":"x","type":"Article","state":"draft","created_timestamp":"2026-01-02","last_modified_timestamp":"2026-11-30",` +
		`"last_updated_timestamp":"2026-11-30T01:17:22.939557Z","last_updated_from_external_source_timestamp":null,"article_id":"abc","description":"d"}`,
}

func TestDecodeArticlesAsTheGeneralDecoder(t *testing.T) {
	body := recordedList(t)
	sameAsGeneral(t, body)
	sameAsGeneral(t, escapeNonASCII(body))
	for _, a := range articleAnswers {
		sameAsGeneral(t, []byte(a))
	}
}

// The list page prints these of every article: the recorded answer must
// bring them all, filled, through the article decoder.
func TestDecodeArticlesKeepsWhatTheListShows(t *testing.T) {
	// The API's own answers take the fast path, in either encoding of text.
	for _, body := range [][]byte{recordedList(t), escapeNonASCII(recordedList(t))} {
		d := &articleDecoder{src: string(body)}
		var p Page[Article]
		if err := d.page(&p); err != nil || d.peek() != 0 {
			t.Fatalf("the recorded answer went to the general decoder: %v", err)
		}
	}

	var page Page[Article]
	if err := decodeAnswer(recordedList(t), &page, false); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 50 || page.Count < 50 || page.Limit != 50 {
		t.Fatalf("decoded %d items, count %d, limit %d", len(page.Items), page.Count, page.Limit)
	}
	var versions, tags int
	for _, a := range page.Items {
		if a.ID == 0 || a.Title == "" || a.Type == "" || a.State == "" || a.DeployState == "" || a.LastModifiedTimestamp == "" {
			t.Errorf("article %d lost a field the list shows: %+v", a.ID, a)
		}
		if a.Version != nil {
			versions++
		}
		tags += len(a.Tags)
	}
	if versions == 0 || tags == 0 {
		t.Errorf("no versions (%d) or tags (%d) decoded", versions, tags)
	}
}

// Strings cut from the answer stay as they were when the answer's bytes
// are reused (the read cache and the HTTP client own them).
func TestDecodeArticlesOwnsItsStrings(t *testing.T) {
	body := []byte(`{"items":[{"id":1,"title":"kept","tags":["t"]}],"count":1}`)
	var page Page[Article]
	if err := decodeAnswer(body, &page, false); err != nil {
		t.Fatal(err)
	}
	for i := range body {
		body[i] = 'x'
	}
	if a := page.Items[0]; a.Title != "kept" || a.Tags[0] != "t" {
		t.Fatalf("decoded strings changed with the body: %+v", a)
	}
}

func FuzzDecodeArticles(f *testing.F) {
	f.Add(recordedList(f))
	for _, a := range articleAnswers {
		f.Add([]byte(a))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sameAsGeneral(t, body)
	})
}

// BenchmarkDecodeArticleList decodes a page of 50 articles as the sandbox
// answers it, with the general decoder and with the article decoder.
func BenchmarkDecodeArticleList(b *testing.B) {
	body := recordedList(b)
	b.Run("general", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Page[Article]
			if err := generalDecode(body, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("articles", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var p Page[Article]
			if err := decodeAnswer(body, &p, false); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// Answers are read into slices of their own: a pooled read buffer is
// reused for the next answer, and the read cache keeps the first.
func TestReadAnswerOwnsItsBytes(t *testing.T) {
	first := strings.Repeat("a", 100<<10)
	got, err := readAnswer(strings.NewReader(first), -1)
	if err != nil || string(got) != first {
		t.Fatalf("unknown size: read %d bytes, %v", len(got), err)
	}
	if second, err := readAnswer(strings.NewReader(strings.Repeat("b", 100<<10)), -1); err != nil || second[0] != 'b' {
		t.Fatalf("second answer: %v", err)
	}
	if string(got) != first {
		t.Fatal("the first answer changed when the second was read")
	}
	if sized, err := readAnswer(strings.NewReader(first), int64(len(first))); err != nil || string(sized) != first {
		t.Fatalf("known size: read %d bytes, %v", len(sized), err)
	}
}
