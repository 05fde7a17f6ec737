package handlers_test

import (
	"io"
	"net/http"
	"qcadmin/handlers/consoletest"
	"testing"
)

// BenchmarkArticleListPage renders the signed-in list of 50 articles through
// the whole stack in one process: middleware, session, API client, sandbox, templ.
func BenchmarkArticleListPage(b *testing.B) {
	c := consoletest.New(b)
	c.SignIn()
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Client.Get(c.Server.URL + "/articles?limit=50")
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
