package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/internal/testdocs"
)

// importFake is a Quickchat that fails the test when an import reaches it,
// for input the console must refuse by itself; fields fake the calls a test allows.
type importFake struct {
	fakeKB
	t          *testing.T
	uploadFile func(name string, data []byte) (*apiclient.UploadResult, error)
	links      func(apiclient.LinkListImport) (*apiclient.LinksResult, error)
}

func (f importFake) UploadPDF(_ context.Context, name string, r io.Reader) (*apiclient.UploadResult, error) {
	f.t.Errorf("UploadPDF(%q) reached Quickchat", name)
	return nil, errFake
}

func (f importFake) UploadFile(_ context.Context, name string, r io.Reader) (*apiclient.UploadResult, error) {
	if f.uploadFile == nil {
		f.t.Errorf("UploadFile(%q) reached Quickchat", name)
		return nil, errFake
	}
	data, err := io.ReadAll(r)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.uploadFile(name, data)
}

func (f importFake) ImportWebsite(_ context.Context, in apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error) {
	f.t.Errorf("ImportWebsite(%+v) reached Quickchat", in)
	return nil, errFake
}

func (f importFake) ImportSitemap(_ context.Context, in apiclient.SitemapImport) (*apiclient.LinksResult, error) {
	f.t.Errorf("ImportSitemap(%+v) reached Quickchat", in)
	return nil, errFake
}

func (f importFake) ImportLinks(_ context.Context, in apiclient.LinkListImport) (*apiclient.LinksResult, error) {
	if f.links == nil {
		f.t.Errorf("ImportLinks(%+v) reached Quickchat", in)
		return nil, errFake
	}
	return f.links(in)
}

func (f importFake) ImportYouTube(_ context.Context, in apiclient.YouTubeImport) error {
	f.t.Errorf("ImportYouTube(%+v) reached Quickchat", in)
	return errFake
}

func withUploadLimit(n int64) option {
	return func(d *handlers.Deps) { d.UploadLimit = n }
}

// file is one file of a multipart upload.
type file struct {
	name string
	data []byte
}

// upload posts files as the upload form does, in the field "files".
func (c *console) upload(files []file, header ...string) (*http.Response, string) {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			c.t.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.srv.URL+"/imports/files", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.do(req)
}

func TestUploadedFilesBecomeArticlesTitledWithTheirNames(t *testing.T) {
	c := newConsole(t)
	c.signIn()
	res, body := c.upload([]file{
		{"Returns policy.pdf", testdocs.PDF("Returns are free within 30 days.")},
		{"Shipping.docx", testdocs.DOCX("We ship to Norway and Poland.")},
		{"notes.md", []byte("# Notes\n\nThe warehouse closes at five.")},
	})
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(testid("files-form")).Length() != 1 {
		t.Fatalf("%d, the upload form is gone:\n%s", res.StatusCode, body)
	}
	rows := doc.Find(testid("upload-result"))
	if rows.Length() != 3 {
		t.Fatalf("%d result rows:\n%s", rows.Length(), doc.Find(testid("upload-results")).Text())
	}
	want := map[string]string{"Returns policy.pdf": "Returns are free within 30 days.", "Shipping.docx": "We ship to Norway and Poland.", "notes.md": "The warehouse closes at five."}
	rows.Each(func(_ int, row *goqSel) {
		name := row.Find(".upload-name").Text()
		link := row.Find(testid("upload-article"))
		href, _ := link.Attr("href")
		if st, _ := row.Attr("data-status"); st != "ok" || !strings.HasPrefix(href, "/articles/") || link.Text() != name {
			t.Errorf("%s: status %q, link %q → %q", name, st, link.Text(), href)
			return
		}
		_, page := c.get(href)
		article := parse(t, page)
		if title, _ := article.Find("#title").Attr("value"); title != name {
			t.Errorf("the article made of %s is titled %q", name, title)
		}
		if content := article.Find("textarea#content").Text(); !strings.Contains(content, want[name]) {
			t.Errorf("the article made of %s holds %q, want %q in it", name, content, want[name])
		}
	})
}

func TestScriptSentUploadGetsItsRowOnly(t *testing.T) {
	c := newConsole(t)
	c.signIn()
	res, body := c.upload([]file{{"one.pdf", testdocs.PDF("One file at a time.")}}, "HX-Request", "true")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") || strings.Contains(body, "files-form") {
		t.Fatalf("%d, want the row alone:\n%s", res.StatusCode, body)
	}
	doc := parse(t, body)
	if got := doc.Find(`li[data-testid="upload-result"][data-status="ok"] a`).Text(); got != "one.pdf" {
		t.Fatalf("row links to %q:\n%s", got, body)
	}
}

func TestUploadRefusesWhatQuickchatWouldBeforeSending(t *testing.T) {
	c := newConsole(t, withUploadLimit(1024), withAPI(importFake{t: t}))
	c.signIn()
	res, body := c.upload([]file{
		{"photo.png", []byte("\x89PNG\r\n\x1a\n")},
		{"big.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 2048)...)},
		{"letter.pdf", []byte("Dear customer, this is text.")},
		{"report.docx", []byte("not a zip")},
		{"empty.txt", nil},
		{"binary.md", []byte("a\x00b")},
	})
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(testid("files-form")).Length() != 1 {
		t.Fatalf("%d, the upload form is gone:\n%s", res.StatusCode, body)
	}
	want := map[string]string{
		"photo.png":   "is not a PDF, DOCX, TXT or MD file",
		"big.pdf":     "larger than 1 KB",
		"letter.pdf":  "is not a PDF",
		"report.docx": "is not a Word document",
		"empty.txt":   "empty",
		"binary.md":   "not UTF-8 text",
	}
	rows := doc.Find(testid("upload-result"))
	if rows.Length() != len(want) {
		t.Fatalf("%d rows for %d files", rows.Length(), len(want))
	}
	rows.Each(func(_ int, row *goqSel) {
		name := row.Find(".upload-name").Text()
		if st, _ := row.Attr("data-status"); st != "refused" || !strings.Contains(row.Find(".field-error").Text(), want[name]) {
			t.Errorf("%s: %q %q, want refused with %q", name, st, row.Find(".field-error").Text(), want[name])
		}
	})
}

func TestUploadBodyPastTheRouteLimitIsExplained(t *testing.T) {
	c := newConsole(t, withUploadLimit(1024), withAPI(importFake{t: t}))
	c.signIn()
	// Past uploadLimit × 10 files + 1 MiB of room: the request is cut off, not answered with 413 or 500.
	res, body := c.upload([]file{{"huge.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1<<20+20<<10)...)}})
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := doc.Find(`#import-files ` + testid("notice")).Text(); !strings.Contains(got, "too large to send at once") {
		t.Fatalf("notice %q", got)
	}
}

func TestUploadShowsQuickchatsRefusalPerFile(t *testing.T) {
	calls := 0
	c := newConsole(t, withAPI(importFake{t: t, uploadFile: func(name string, data []byte) (*apiclient.UploadResult, error) {
		calls++
		switch name {
		case "damaged.docx":
			return nil, &apiclient.APIError{Status: 422, Code: "INVALID", Message: "The file 'damaged.docx' is damaged and cannot be opened."}
		case "later.txt":
			return nil, fmt.Errorf("upload: %w", apiclient.ErrRateBudget)
		}
		return &apiclient.UploadResult{Status: "success", Message: "File processed successfully.", Article: apiclient.Article{ID: 77, Title: name}}, nil
	}}))
	c.signIn()
	_, body := c.upload([]file{
		{"damaged.docx", []byte("PK\x03\x04broken")},
		{"fine.txt", []byte("All good.")},
		{"later.txt", []byte("Budget used up.")},
	})
	doc := parse(t, body)
	got := map[string]string{}
	doc.Find(testid("upload-result")).Each(func(_ int, row *goqSel) {
		st, _ := row.Attr("data-status")
		got[row.Find(".upload-name").Text()] = st + ": " + row.Find(".field-error").Text() + row.Find("a").AttrOr("href", "")
	})
	want := map[string]string{
		"damaged.docx": "refused: The file 'damaged.docx' is damaged and cannot be opened.",
		"fine.txt":     "ok: /articles/77",
		"later.txt":    "refused: This console is waiting for Quickchat's rate limit to allow more requests. Try again in a moment; nothing you typed is lost.",
	}
	for name, w := range want {
		if got[name] != w {
			t.Errorf("%s: %q, want %q", name, got[name], w)
		}
	}
	if calls != 3 {
		t.Errorf("%d uploads reached Quickchat, want 3", calls)
	}
}

func TestUploadWithoutFilesAsksForOne(t *testing.T) {
	c := newConsole(t, withAPI(importFake{t: t}))
	c.signIn()
	res, body := c.upload(nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(parse(t, body).Find(`#import-files `+testid("notice")).Text(), "Pick at least one file") {
		t.Fatalf("%d:\n%s", res.StatusCode, body)
	}
}
