package imports_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"qcadmin/handlers/consoletest"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/handlers"
	"qcadmin/internal/testdocs"
)

// importFake is a Quickchat that fails the test when an import reaches it,
// for input the console must refuse by itself; fields fake the calls a test allows.
type importFake struct {
	consoletest.FakeKB
	t          *testing.T
	uploadFile func(name string, data []byte) (*apiclient.UploadResult, error)
	links      func(apiclient.LinkListImport) (*apiclient.LinksResult, error)
}

func (f importFake) UploadPDF(_ context.Context, name string, r io.Reader) (*apiclient.UploadResult, error) {
	f.t.Errorf("UploadPDF(%q) reached Quickchat", name)
	return nil, consoletest.ErrFake
}

func (f importFake) UploadFile(_ context.Context, name string, r io.Reader) (*apiclient.UploadResult, error) {
	if f.uploadFile == nil {
		f.t.Errorf("UploadFile(%q) reached Quickchat", name)
		return nil, consoletest.ErrFake
	}
	data, err := io.ReadAll(r)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.uploadFile(name, data)
}

func (f importFake) ImportWebsite(_ context.Context, in apiclient.WebsiteImport) (*apiclient.WebsiteImportResult, error) {
	f.t.Errorf("ImportWebsite(%+v) reached Quickchat", in)
	return nil, consoletest.ErrFake
}

func (f importFake) ImportSitemap(_ context.Context, in apiclient.SitemapImport) (*apiclient.LinksResult, error) {
	f.t.Errorf("ImportSitemap(%+v) reached Quickchat", in)
	return nil, consoletest.ErrFake
}

func (f importFake) ImportLinks(_ context.Context, in apiclient.LinkListImport) (*apiclient.LinksResult, error) {
	if f.links == nil {
		f.t.Errorf("ImportLinks(%+v) reached Quickchat", in)
		return nil, consoletest.ErrFake
	}
	return f.links(in)
}

func (f importFake) ImportYouTube(_ context.Context, in apiclient.YouTubeImport) error {
	f.t.Errorf("ImportYouTube(%+v) reached Quickchat", in)
	return consoletest.ErrFake
}

func withUploadLimit(n int64) consoletest.Option {
	return func(d *handlers.Deps) { d.UploadLimit = n }
}

// file is one file of a multipart upload.
type file struct {
	name string
	data []byte
}

// upload posts files as the upload form does, in the field "files".
func upload(c *consoletest.Console, files []file, header ...string) (*http.Response, string) {
	c.T.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			c.T.Fatal(err)
		}
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.Server.URL+"/imports/files", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return c.Do(req)
}

func TestUploadedFilesBecomeArticlesTitledWithTheirNames(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := upload(c, []file{
		{"Returns policy.pdf", testdocs.PDF("Returns are free within 30 days.")},
		{"Shipping.docx", testdocs.DOCX("We ship to Norway and Poland.")},
		{"notes.md", []byte("# Notes\n\nThe warehouse closes at five.")},
	})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("files-form")).Length() != 1 {
		t.Fatalf("%d, the upload form is gone:\n%s", res.StatusCode, body)
	}
	rows := doc.Find(consoletest.TestID("upload-result"))
	if rows.Length() != 3 {
		t.Fatalf("%d result rows:\n%s", rows.Length(), doc.Find(consoletest.TestID("upload-results")).Text())
	}
	want := map[string]string{"Returns policy.pdf": "Returns are free within 30 days.", "Shipping.docx": "We ship to Norway and Poland.", "notes.md": "The warehouse closes at five."}
	rows.Each(func(_ int, row *goquery.Selection) {
		name := row.Find(".upload-name").Text()
		link := row.Find(consoletest.TestID("upload-article"))
		href, _ := link.Attr("href")
		if st, _ := row.Attr("data-status"); st != "ok" || !strings.HasPrefix(href, "/articles/") || link.Text() != name {
			t.Errorf("%s: status %q, link %q → %q", name, st, link.Text(), href)
			return
		}
		_, page := c.Get(href)
		article := consoletest.Parse(t, page)
		if title, _ := article.Find("#title").Attr("value"); title != name {
			t.Errorf("the article made of %s is titled %q", name, title)
		}
		if content := article.Find("textarea#content").Text(); !strings.Contains(content, want[name]) {
			t.Errorf("the article made of %s holds %q, want %q in it", name, content, want[name])
		}
	})
}

func TestScriptSentUploadGetsItsRowOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	res, body := upload(c, []file{{"one.pdf", testdocs.PDF("One file at a time.")}}, "HX-Request", "true")
	if res.StatusCode != http.StatusOK || strings.Contains(body, "<html") || strings.Contains(body, "files-form") {
		t.Fatalf("%d, want the row alone:\n%s", res.StatusCode, body)
	}
	doc := consoletest.Parse(t, body)
	if got := doc.Find(`li[data-testid="upload-result"][data-status="ok"] a`).Text(); got != "one.pdf" {
		t.Fatalf("row links to %q:\n%s", got, body)
	}
}

func TestUploadRefusesWhatQuickchatWouldBeforeSending(t *testing.T) {
	c := consoletest.New(t, withUploadLimit(1024), consoletest.WithAPI(importFake{t: t}))
	c.SignIn()
	res, body := upload(c, []file{
		{"photo.png", []byte("\x89PNG\r\n\x1a\n")},
		{"big.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 2048)...)},
		{"letter.pdf", []byte("Dear customer, this is text.")},
		{"report.docx", []byte("not a zip")},
		{"empty.txt", nil},
		{"binary.md", []byte("a\x00b")},
	})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(consoletest.TestID("files-form")).Length() != 1 {
		t.Fatalf("%d, the upload form is gone:\n%s", res.StatusCode, body)
	}
	want := map[string]string{
		"photo.png":   "is not a PDF, DOCX, TXT or MD file",
		"big.pdf":     "larger than 1 KiB", // sizes are said in powers of 1024, named as such
		"letter.pdf":  "is not a PDF",
		"report.docx": "is not a Word document",
		"empty.txt":   "empty",
		"binary.md":   "not UTF-8 text",
	}
	rows := doc.Find(consoletest.TestID("upload-result"))
	if rows.Length() != len(want) {
		t.Fatalf("%d rows for %d files", rows.Length(), len(want))
	}
	rows.Each(func(_ int, row *goquery.Selection) {
		name := row.Find(".upload-name").Text()
		if st, _ := row.Attr("data-status"); st != "refused" || !strings.Contains(row.Find(".field-error").Text(), want[name]) {
			t.Errorf("%s: %q %q, want refused with %q", name, st, row.Find(".field-error").Text(), want[name])
		}
	})
}

func TestUploadBodyPastTheRouteLimitIsExplained(t *testing.T) {
	c := consoletest.New(t, withUploadLimit(1024), consoletest.WithAPI(importFake{t: t}))
	c.SignIn()
	// Past uploadLimit × 10 files + 1 MiB of room: the request is cut off, not answered with 413 or 500.
	res, body := upload(c, []file{{"huge.pdf", append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 1<<20+20<<10)...)}})
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	if got := doc.Find(`#import-files ` + consoletest.TestID("notice")).Text(); !strings.Contains(got, "too large to send at once") {
		t.Fatalf("notice %q", got)
	}
}

func TestUploadShowsQuickchatsRefusalPerFile(t *testing.T) {
	calls := 0
	c := consoletest.New(t, consoletest.WithAPI(importFake{t: t, uploadFile: func(name string, data []byte) (*apiclient.UploadResult, error) {
		calls++
		switch name {
		case "damaged.docx":
			return nil, &apiclient.APIError{Status: 422, Code: "INVALID", Message: "The file 'damaged.docx' is damaged and cannot be opened."}
		case "later.txt":
			return nil, fmt.Errorf("upload: %w", apiclient.ErrRateBudget)
		}
		return &apiclient.UploadResult{Status: "success", Message: "File processed successfully.", Article: apiclient.Article{ID: 77, Title: name}}, nil
	}}))
	c.SignIn()
	_, body := upload(c, []file{
		{"damaged.docx", []byte("PK\x03\x04broken")},
		{"fine.txt", []byte("All good.")},
		{"later.txt", []byte("Budget used up.")},
	})
	doc := consoletest.Parse(t, body)
	got := map[string]string{}
	doc.Find(consoletest.TestID("upload-result")).Each(func(_ int, row *goquery.Selection) {
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
	c := consoletest.New(t, consoletest.WithAPI(importFake{t: t}))
	c.SignIn()
	res, body := upload(c, nil)
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(`#import-files `+consoletest.TestID("notice")).Text(), "Pick at least one file") {
		t.Fatalf("%d:\n%s", res.StatusCode, body)
	}
}
