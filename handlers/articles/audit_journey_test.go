package articles_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"qcadmin/database"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"
	"time"

	"qcadmin/handlers"
	"qcadmin/sandbox"
	"qcadmin/store"
)

func TestEveryArticleWriteLandsInTheAuditLog(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, _ := c.Post("/articles/new", url.Values{"title": {"Lost keys"}, "content": {"Call us."}, "save_mode": {"draft"}})
	page := res.Header.Get("Location")
	id := strings.TrimPrefix(page, "/articles/")
	requests := []string{res.Header.Get("X-Request-Id")}
	res, _ = c.Post(page, url.Values{"title": {"Lost keys"}, "content": {"Call us.\nBring proof."}, "tags": {"keys"}, "save_mode": {"draft"}})
	requests = append(requests, res.Header.Get("X-Request-Id"))
	res, _ = c.Post(page, url.Values{"title": {"Lost keys"}, "content": {"Call us.\nBring proof."}, "tags": {"keys"}, "save_mode": {"publish"}})
	requests = append(requests, res.Header.Get("X-Request-Id"))
	res, _ = c.Post("/articles/delete", url.Values{"ids": {id}, "confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete = %d", res.StatusCode)
	}
	requests = append(requests, res.Header.Get("X-Request-Id"))

	got := c.Entries()
	want := []struct {
		action string
		status int
	}{{"article.create", 201}, {"article.update", 200}, {"article.publish", 200}, {"articles.delete", 204}}
	if len(got) != len(want) {
		t.Fatalf("%d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		e := got[i]
		if e.Action != w.action || e.Status != w.status || e.ErrorCode != "" {
			t.Errorf("entry %d: %s %d %q, want %s %d", i, e.Action, e.Status, e.ErrorCode, w.action, w.status)
		}
		if e.Identity != "Demo agent" || e.Agent != "Demo agent" || e.ScenarioID != sandbox.DemoScenarioID || e.ClientIP != "127.0.0.1" {
			t.Errorf("entry %d: who/where %q %q %q %q", i, e.Identity, e.Agent, e.ScenarioID, e.ClientIP)
		}
		if e.RequestID == "" || e.RequestID != requests[i] {
			t.Errorf("entry %d: request id %q, the response said %q", i, e.RequestID, requests[i])
		}
		if len(e.TargetIDs) != 1 || e.TargetIDs[0] != id {
			t.Errorf("entry %d: targets %v, want [%s]", i, e.TargetIDs, id)
		}
		if time.Since(e.At) > time.Minute || e.At.Location() != time.UTC {
			t.Errorf("entry %d: at %v", i, e.At)
		}
	}
	update := got[1]
	if !strings.Contains(update.Before, `"content":"Call us."`) || !strings.Contains(update.After, `"content":"Call us.\nBring proof."`) ||
		!strings.Contains(update.After, `"tags":["keys"]`) {
		t.Errorf("update before/after:\n%s\n%s", update.Before, update.After)
	}
	if update.Summary != "Saved a draft of “Lost keys” (tags, content changed)." {
		t.Errorf("update summary %q", update.Summary)
	}
	if !strings.Contains(got[3].Before, `"content":"Call us.\nBring proof."`) || got[3].Summary != "Deleted 1 article: “Lost keys”." {
		t.Errorf("delete entry: %q %s", got[3].Summary, got[3].Before)
	}
}

func TestARefusedWriteIsRecordedWithTheAPIsAnswer(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token("read_all", time.Hour))
	page := c.FirstArticle(t)
	res, _ := c.Post(page, url.Values{"title": {"Forced"}, "content": {"Typed by a reader"}, "save_mode": {"publish"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("refused save = %d", res.StatusCode)
	}
	got := c.Entries()
	if len(got) != 1 {
		t.Fatalf("%d entries: %+v", len(got), got)
	}
	e := got[0]
	if e.Action != "article.publish" || e.Status != http.StatusForbidden || e.ErrorCode != "PERMISSION_DENIED" ||
		e.TargetIDs[0] != strings.TrimPrefix(page, "/articles/") || e.After != "" || e.Before == "" {
		t.Errorf("refused write recorded as %+v", e)
	}
}

// withBrokenAudit gives the console an audit log whose database is gone.
func withBrokenAudit(t *testing.T, log *slog.Logger) consoletest.Option {
	db, err := database.Setup(context.Background(), filepath.Join(t.TempDir(), "audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	audit, err := store.NewAudit(db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	return func(d *handlers.Deps) { d.Audit, d.Log = audit, log }
}

func TestASaveSucceedsWhenTheAuditLogCannotBeWritten(t *testing.T) {
	var logs strings.Builder
	c := consoletest.New(t, withBrokenAudit(t, slog.New(slog.NewTextHandler(&logs, nil))))
	c.SignIn()
	page := c.FirstArticle(t)
	res, body := c.Post(page, url.Values{"title": {"Still saved"}, "content": {"Saved without a log."}, "save_mode": {"draft"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("save with a broken audit log = %d\n%s", res.StatusCode, body)
	}
	_, body = c.Get(page)
	doc := consoletest.Parse(t, body)
	if doc.Find("textarea#content").Text() != "Saved without a log." || !strings.Contains(doc.Find(consoletest.TestID("flash")).Text(), "Draft saved") {
		t.Error("the save did not reach Quickchat, or the person was not told it did")
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "audit log") {
		t.Errorf("the lost entry was not logged as an error:\n%s", logs.String())
	}
}
