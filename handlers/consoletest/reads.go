package consoletest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
	"qcadmin/store"
)

// Quickchat is a client of the console's sandbox, for tests that check what the API holds.
func (c *Console) Quickchat() *apiclient.Client {
	c.T.Helper()
	return apiclient.New(c.API.URL, c.Token(sandbox.ScopeWrite, time.Hour))
}

// SandboxClient reads the sandbox directly, to check what the console really saved.
func (c *Console) SandboxClient() *apiclient.Client {
	c.T.Helper()
	srv := httptest.NewServer(c.Sandbox.Handler())
	c.T.Cleanup(srv.Close)
	return apiclient.New(srv.URL, c.Token(sandbox.ScopeRead, time.Hour))
}

// Entries reads the whole audit log, oldest first.
func (c *Console) Entries() []store.Entry {
	c.T.Helper()
	var out []store.Entry
	err := c.Audit.Each(context.Background(), store.Filter{}, func(e store.Entry) error {
		out = append([]store.Entry{e}, out...)
		return nil
	})
	if err != nil {
		c.T.Fatal(err)
	}
	return out
}

// FirstArticle is the path of the first article of the demo list.
func (c *Console) FirstArticle(t *testing.T) string {
	t.Helper()
	_, body := c.Get("/articles")
	href, ok := Parse(t, body).Find("td.title a").First().Attr("href")
	if !ok {
		t.Fatal("the demo agent has no articles")
	}
	return href
}
