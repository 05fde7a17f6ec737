package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"qcadmin/internal/testdocs"
)

// fuzzSandbox opens a sandbox for a fuzz target and returns it with a write_all token.
func fuzzSandbox(f *testing.F, cfg Config) (*Sandbox, string) {
	f.Helper()
	cfg.DataDir, cfg.Secret = f.TempDir(), "fuzz-secret"
	sb, err := Open(cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { sb.Close() })
	tok, err := sb.Token(DemoScenarioID, ScopeWrite, time.Hour)
	if err != nil {
		f.Fatal(err)
	}
	return sb, tok
}

// checkUploadAnswer fails unless the answer is a success with an article or a 4xx envelope.
func checkUploadAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	if rec.Code >= 500 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if rec.Code == http.StatusOK {
		var got struct {
			Article articleJSON `json:"article"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Article.ID == 0 || got.Article.Content == nil || *got.Article.Content == "" {
			t.Fatalf("200 without an article: %s", rec.Body)
		}
		return
	}
	var env envelope
	if err := json.Unmarshal(rec.Body.Bytes(), &env); err != nil || len(env.Errors.Root) != 1 || env.Errors.Root[0].Message == "" {
		t.Fatalf("status %d without the error envelope: %s", rec.Code, rec.Body)
	}
}

// FuzzUploadFile sends arbitrary bytes as the uploaded file to both upload endpoints and straight to the
// DOCX reader: whatever a file holds, the answer is an article or a 4xx, never a 5xx or a panic.
func FuzzUploadFile(f *testing.F) {
	sb, tok := fuzzSandbox(f, Config{UploadLimit: 1 << 20})
	docx := testdocs.Document{
		Paragraphs: []testdocs.Paragraph{{Style: "Heading1", Runs: []string{"Title"}}, {Runs: []string{"Body\ttext"}}},
		Styles:     map[string]string{"Heading1": "heading 1"},
	}.DOCX()
	for _, seed := range [][]byte{
		testdocs.PDF("Hello PDF"),
		testdocs.PDF(""),
		docx,
		docx[:len(docx)-30],
		[]byte("PK\x03\x04broken"),
		[]byte("PK\x05\x06" + string(make([]byte, 18))),
		[]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"),
		[]byte("# Markdown\n\nText."),
		[]byte("\xFF\xFEH\x00i\x00"),
		[]byte("\x89PNG\r\n\x1a\n"),
		{},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, c := range []struct{ path, field string }{
			{"/v1/api/knowledge_base/file_upload_api/", "file"},
			{"/v1/api/knowledge_base/file_upload_api/pdf", "pdf_file"},
		} {
			rec := httptest.NewRecorder()
			sb.Handler().ServeHTTP(rec, uploadRequest(t, c.path, tok, c.field, "fuzz.docx", data))
			checkUploadAnswer(t, rec)
		}
		if text, err := extractDOCX("fuzz.docx", data); err != nil {
			var ae *apiError
			if !errors.As(err, &ae) || ae.status != http.StatusUnprocessableEntity {
				t.Fatalf("extractDOCX error %v is not a 422", err)
			}
		} else if text == "" {
			t.Fatal("extractDOCX accepted a document without text")
		}
	})
}

// FuzzUploadBody sends arbitrary bytes as the whole multipart body: a malformed body is a 4xx, never a 5xx.
func FuzzUploadBody(f *testing.F) {
	sb, tok := fuzzSandbox(f, Config{UploadLimit: 64 << 10})
	var valid bytes.Buffer
	req := uploadRequest(f, "/v1/api/knowledge_base/file_upload_api/", tok, "file", "a.txt", []byte("hello"))
	valid.ReadFrom(req.Body)
	boundary := req.Header.Get("Content-Type")
	for _, seed := range [][]byte{
		valid.Bytes(),
		[]byte("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n--X--\r\n"),
		[]byte("--X\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nno file name\r\n--X--"),
		[]byte("--X\r\n\r\n"),
		[]byte("garbage"),
		{},
	} {
		f.Add(seed, boundary)
	}
	f.Add([]byte("--X\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhi\r\n--X--\r\n"), "multipart/form-data; boundary=X")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		req := httptest.NewRequest(http.MethodPost, "/v1/api/knowledge_base/file_upload_api/", bytes.NewReader(body))
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, req)
		checkUploadAnswer(t, rec)
	})
}
