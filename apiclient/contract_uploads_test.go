package apiclient_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"qcadmin/apiclient"
	"qcadmin/internal/testdocs"
	"qcadmin/sandbox"
)

// checkUploaded fails the test unless an upload made a draft article titled
// with the file's name, holding want, that the API also lists.
func checkUploaded(t *testing.T, c *apiclient.Client, res *apiclient.UploadResult, err error, name, want string) {
	t.Helper()
	if err != nil {
		t.Fatalf("uploading %s: %v", name, err)
	}
	if res.Status != "success" || res.Message == "" || res.Article.ID <= 0 || res.Article.Title != name {
		t.Errorf("uploading %s: %+v", name, res)
	}
	got, err := c.GetArticle(t.Context(), res.Article.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != name || !strings.Contains(got.Content, want) {
		t.Errorf("uploaded %s: article titled %q holds %q, want %q in it", name, got.Title, got.Content, want)
	}
}

// plainReader hides everything but Read, so its size is unknown and the
// upload goes in chunks.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestContractUploads(t *testing.T) {
	api := newContractAPI(t, false)
	c := api.client(t, "contract-uploads", sandbox.ScopeWrite)
	ctx := t.Context()
	pdf := testdocs.PDF("Returns are accepted within 30 days.")
	docx := testdocs.DOCX("Shipping guide", "Orders ship within two working days.")

	res, err := c.UploadPDF(ctx, "Return policy.pdf", bytes.NewReader(pdf))
	checkUploaded(t, c, res, err, "Return policy.pdf", "Returns are accepted within 30 days.")
	if res != nil && res.Article.State != "draft" {
		t.Errorf("an uploaded PDF is %q, want a draft", res.Article.State)
	}
	res, err = c.UploadFile(ctx, "Shipping guide.docx", bytes.NewReader(docx))
	checkUploaded(t, c, res, err, "Shipping guide.docx", "Orders ship within two working days.")
	res, err = c.UploadFile(ctx, "Prices.pdf", plainReader{bytes.NewReader(pdf)}) // sent in chunks
	checkUploaded(t, c, res, err, "Prices.pdf", "Returns are accepted within 30 days.")

	file, err := os.Create(filepath.Join(t.TempDir(), "Opening hours.docx"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := file.Write(testdocs.DOCX("We are open 9 to 17 on weekdays.")); err != nil {
		t.Fatal(err)
	}
	file.Seek(0, io.SeekStart)
	res, err = c.UploadFile(ctx, file.Name(), file) // the folder is not sent
	checkUploaded(t, c, res, err, "Opening hours.docx", "We are open 9 to 17 on weekdays.")

	// A file that is not a PDF, sent as one, is refused with the envelope.
	_, err = c.UploadPDF(ctx, "notes.txt", strings.NewReader("Just some notes."))
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || apiErr.Status < 400 || apiErr.Status > 499 || apiErr.Code == "" || !strings.Contains(apiErr.Message, "notes.txt") {
		t.Errorf("a text file sent as a PDF: %v, want a 4xx naming the file", err)
	}
	// So is a document renamed to look like a PDF: the content decides.
	if _, err := c.UploadPDF(ctx, "Shipping guide.pdf", bytes.NewReader(docx)); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("a Word document named .pdf sent as a PDF: %v, want a 4xx", err)
	}
	if _, err := c.UploadFile(ctx, "empty.pdf", strings.NewReader("")); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an empty file: %v, want a 4xx", err)
	}
	if _, err := c.UploadFile(ctx, "image.png", bytes.NewReader([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))); !errors.As(err, &apiErr) || apiErr.Status/100 != 4 {
		t.Errorf("an image: %v, want a 4xx", err)
	}

	reader := api.client(t, "contract-uploads", sandbox.ScopeRead)
	if _, err := reader.UploadPDF(ctx, "a.pdf", bytes.NewReader(pdf)); !apiclient.IsStatus(err, http.StatusForbidden) {
		t.Errorf("uploading with a read-only token: %v, want 403", err)
	}

	page, err := c.ListArticles(ctx, apiclient.ListArticlesParams{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if page.Count != 4 {
		t.Errorf("after 4 uploads and 6 refusals the agent has %d articles", page.Count)
	}
}

func TestContractUploadLimit(t *testing.T) {
	sb, err := sandbox.Open(sandbox.Config{DataDir: t.TempDir(), Secret: contractSecret, UploadLimit: 256 << 10})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sb.Handler())
	defer func() {
		srv.Close()
		sb.Close()
	}()
	api := &contractAPI{sb: sb, origin: srv.URL}
	c := api.client(t, "contract-upload-limit", sandbox.ScopeWrite)
	big := append(testdocs.PDF("Big"), bytes.Repeat([]byte("%padding\n"), 1<<20/9)...) // 1 MiB

	for name, r := range map[string]io.Reader{
		"with its length": bytes.NewReader(big),
		"in chunks":       plainReader{bytes.NewReader(big)},
	} {
		_, err := c.UploadPDF(t.Context(), "big.pdf", r)
		var apiErr *apiclient.APIError
		if !errors.As(err, &apiErr) || apiErr.Status/100 != 4 || !strings.Contains(apiErr.Message, "limit") {
			t.Errorf("a 1 MiB upload %s over a 256 KiB limit: %v, want the API's 4xx about the limit", name, err)
		}
	}
	res, err := c.UploadPDF(t.Context(), "small.pdf", bytes.NewReader(testdocs.PDF("Small")))
	checkUploaded(t, c, res, err, "small.pdf", "Small")
}
