package sandbox

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

// benchVocabulary is the language of a bike shop's help centre, most frequent words first:
// a Zipf draw over it gives articles the skew of real text (many "the", few "derailleur").
var benchVocabulary = strings.Fields(`
the your a to and of for with on in is it you can we our after before this be or at by every when not
bike battery charge motor brake pads tyre pressure chain belt gear saddle height frame fork display app
ride order delivery return refund warranty service check replace adjust clean store winter rain range
mode assist speed error code firmware update account password reset payment invoice leasing financing
light rear front lock key helmet pedal crank wheel spoke rim hub cassette derailleur handlebar grip stem
seatpost rack fender kickstand charger cable sensor torque cadence storage cleaning lubrication puncture
crash theft insurance registration size weight showroom appointment parcel shipment tracking customs
voucher discount subscription policy days weeks months hours kilometres percent full empty long short
hydraulic electric left right daily monthly quickly safely usually new old first last spare original
connect register pay cancel exchange repair inspect tighten lubricate inflate install remove contact book
noise squeak rattle wobble vibration leak crack rust dirt mud salt dust water temperature cold heat
customer support team partner workshop mechanic dealer factory warehouse courier driver rider owner
model trail city trekking cargo folding speed pedelec commuter mountain road gravel comfort sport
`)

var benchTags = []string{"shipping", "returns", "warranty", "batteries", "maintenance", "billing", "account", "riding", "safety", "models", "contact", "troubleshooting"}

// benchArticle writes one realistic article: a title, a few Markdown sections of sentences, and tags.
func benchArticle(r *rand.Rand, zipf *rand.Zipf) (title, content string, tags []string) {
	word := func() string { return benchVocabulary[zipf.Uint64()] }
	sentence := func() string {
		n := 6 + r.IntN(11)
		words := make([]string, n)
		for i := range words {
			words[i] = word()
		}
		s := strings.Join(words, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	titleWords := make([]string, 3+r.IntN(4))
	for i := range titleWords {
		titleWords[i] = benchVocabulary[30+r.IntN(len(benchVocabulary)-30)] // titles skip the function words
	}
	title = strings.ToUpper(titleWords[0][:1]) + strings.Join(titleWords, " ")[1:]
	var b strings.Builder
	b.WriteString("# " + title + "\n\n")
	for p := range 2 + r.IntN(4) {
		if p > 0 && r.IntN(2) == 0 {
			b.WriteString("## " + strings.ToUpper(word()[:1]) + word()[1:] + " " + word() + "\n")
		}
		for s := range 2 + r.IntN(4) {
			if s > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(sentence())
		}
		b.WriteString("\n\n")
	}
	for range 1 + r.IntN(3) {
		if tag := benchTags[r.IntN(len(benchTags))]; !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	return title, strings.TrimSpace(b.String()), tags
}

// benchQueries are what riders type into a help centre search: one to three words.
var benchQueries = []string{
	"battery", "charge battery", "brake pads", "return policy", "tyre pressure", "winter storage battery",
	"firmware update", "refund", "delivery days", "app connect", "error code", "warranty frame", "chain lubrication",
	"rear light", "leasing", "password reset", "motor noise", "range", "saddle height", "invoice", "derailleur adjust",
	"puncture repair", "cargo bike", "speed pedelec insurance", "squeak", "customs parcel tracking",
}

// BenchmarkSearch10k searches a knowledge base of 10,000 published articles through the HTTP handler
// (authentication included) with typical queries, and reports the p50 and p99 latency of one request.
func BenchmarkSearch10k(b *testing.B) {
	sb, err := Open(Config{DataDir: b.TempDir(), Secret: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer sb.Close()
	const scenario = "bench-10k"
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(benchVocabulary)-1))
	now := time.Now().UTC()
	err = sb.store.inTx(ctx, func(tx *sql.Tx) error {
		for range 10_000 {
			title, content, tags := benchArticle(r, zipf)
			_, err := insertArticle(ctx, tx, scenario, articleRecord{
				ArticleID: newArticleID(), Type: typeArticle, Title: title, Content: content, Tags: tags,
				State: statePublished, DeployState: deployDeployed, Version: 1, MaxAvailableVersion: 1, Created: now, Updated: now,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	tok, err := sb.Token(scenario, ScopeRead, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	handler := sb.Handler()

	var durations []time.Duration
	matches := 0
	i := 0
	for b.Loop() {
		query := benchQueries[i%len(benchQueries)]
		i++
		req := httptest.NewRequest("GET", searchPath+"?query="+url.QueryEscape(query), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		start := time.Now()
		handler.ServeHTTP(rec, req)
		durations = append(durations, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("%q: %d %s", query, rec.Code, rec.Body)
		}
		if !strings.Contains(rec.Body.String(), `"count":0}`) {
			matches++
		}
	}
	if matches == 0 {
		b.Fatal("no query matched anything")
	}
	slices.Sort(durations)
	percentile := func(p int) float64 {
		return float64(durations[(len(durations)-1)*p/100].Microseconds()) / 1000
	}
	b.ReportMetric(percentile(50), "p50-ms")
	b.ReportMetric(percentile(99), "p99-ms")
}
