package apiclient_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

// The contract tests run the client against the embedded sandbox, an
// independent implementation of the same API: what passes here is what the
// console can rely on when it talks to the sandbox instead of Quickchat.

const contractSecret = "contract-test-secret"

// contractAPI is a sandbox served over HTTP, with fresh data.
type contractAPI struct {
	sb     *sandbox.Sandbox
	origin string
}

func newContractAPI(t *testing.T, rateLimits bool) *contractAPI {
	t.Helper()
	sb, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: contractSecret, RateLimits: rateLimits})
	if err != nil {
		t.Fatalf("opening the sandbox: %v", err)
	}
	srv := httptest.NewServer(sb.Handler())
	t.Cleanup(func() {
		srv.Close()
		sb.Close()
	})
	return &contractAPI{sb: sb, origin: srv.URL}
}

// client returns a Client for the scenario with the given scope.
func (api *contractAPI) client(t *testing.T, scenarioID, scope string, opts ...apiclient.Option) *apiclient.Client {
	t.Helper()
	token, err := api.sb.Token(scenarioID, scope, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	opts = append([]apiclient.Option{apiclient.WithBudgets(apiclient.NewBudgets(false)), apiclient.WithTimeout(5 * time.Second)}, opts...)
	return apiclient.New(api.origin, token, opts...)
}

func ptr[T any](v T) *T { return &v }

func ids(items []apiclient.Article) []int64 {
	out := make([]int64, len(items))
	for i, a := range items {
		out[i] = a.ID
	}
	slices.Sort(out)
	return out
}

func sorted(vs ...int64) []int64 { return slices.Sorted(slices.Values(vs)) }

// countingTransport counts the answers with a given status. With dropFirst,
// the first request fails before it leaves the machine.
type countingTransport struct {
	status    int
	dropFirst bool
	sent      atomic.Int32
	n         atomic.Int32
}

func (ct *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if ct.sent.Add(1) == 1 && ct.dropFirst {
		return nil, errors.New("network down")
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil && resp.StatusCode == ct.status {
		ct.n.Add(1)
	}
	return resp, err
}

// publish creates an article and publishes it, as an editor would before
// the agent (and its search) relies on it.
func publish(t *testing.T, c *apiclient.Client, title, content string, tags ...string) *apiclient.Article {
	t.Helper()
	ctx := t.Context()
	a, err := c.CreateArticle(ctx, apiclient.ArticleCreate{Title: title, Content: content})
	if err != nil {
		t.Fatal(err)
	}
	u := apiclient.ArticleUpdate{SaveMode: apiclient.SavePublish}
	if len(tags) > 0 {
		u.Tags = &tags
	}
	if a, err = c.UpdateArticle(ctx, a.ID, u); err != nil {
		t.Fatal(err)
	}
	return a
}
