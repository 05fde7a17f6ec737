package sandbox

import (
	"archive/zip"
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"qcadmin/internal/testdocs"
	"qcadmin/sandbox/extract"
)

const (
	uploadPDFPath  = "/v1/api/knowledge_base/file_upload_api/pdf"
	uploadFilePath = "/v1/api/knowledge_base/file_upload_api/"
)

// uploadResult is the answer to a successful upload.
type uploadResult struct {
	Status  string      `json:"status"`
	Message string      `json:"message"`
	Article articleJSON `json:"article"`
}

// uploadRequest builds a multipart upload of data in field under fileName (no file name: a plain form value).
func uploadRequest(t testing.TB, path, token, field, fileName string, data []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if err := mw.WriteField("note", "sent by the test"); err != nil {
		t.Fatal(err)
	}
	if field != "" {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if fileName != "" {
			w, err = mw.CreateFormFile(field, fileName)
		} else {
			w, err = mw.CreateFormField(field)
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func (e *testEnv) upload(path, field, name string, data []byte) response {
	e.t.Helper()
	return e.send(uploadRequest(e.t, path, e.write, field, name, data))
}

func TestUploadPDF(t *testing.T) {
	e := newEnv(t)
	pdf := testdocs.PDF(
		"Velora Trail X service guide\nCheck the brake pads (front and rear) every 500 km.",
		"Battery care: store the battery at 40-60% charge.")
	var got uploadResult
	e.upload(uploadPDFPath, "pdf_file", "Trail X service guide.pdf", pdf).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.Status != "success" || got.Message != "File processed successfully." {
		t.Errorf("status %q, message %q", got.Status, got.Message)
	}
	a := got.Article
	if a.ID == 0 || a.Title != "Trail X service guide.pdf" || a.Type != "Article" || a.State != "draft" || a.Content == nil {
		t.Fatalf("article = %+v", a)
	}
	for _, want := range []string{"Velora Trail X service guide", "brake pads (front and rear) every 500 km.", "Battery care: store the battery at 40-60% charge."} {
		if !strings.Contains(*a.Content, want) {
			t.Errorf("content %q lacks %q", *a.Content, want)
		}
	}
	if !strings.Contains(*a.Content, "500 km.\n\nBattery") {
		t.Errorf("pages should be separated by a blank line: %q", *a.Content)
	}
	// The article is a real one: it can be read back and is in the list.
	var back articleJSON
	e.do("GET", articlesPath+itoa(a.ID), e.read, nil).wantStatus(t, http.StatusOK).decode(t, &back)
	if *back.Content != *a.Content {
		t.Errorf("read back %q", *back.Content)
	}

	// The general endpoint takes PDFs too, whatever their name.
	e.upload(uploadFilePath, "file", "guide.bin", pdf).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.Article.Title != "guide.bin" || !strings.Contains(*got.Article.Content, "brake pads") {
		t.Errorf("PDF through file_upload_api/: %+v", got.Article)
	}
}

func TestUploadedArticleIsSearchableOncePublished(t *testing.T) {
	e := newEnv(t)
	var got uploadResult
	e.upload(uploadFilePath, "file", "frame-sizes.md", []byte("# Frame sizes\n\nThe Zephyrine frame fits riders from 160 cm.")).
		wantStatus(t, http.StatusOK).decode(t, &got)
	search := "/v1/api/knowledge_base/articles/search?query=zephyrine"
	var before, after struct {
		Snapshots articlePage `json:"article_snapshots"`
	}
	e.do("GET", search, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &before)
	e.do("PATCH", articlesPath+itoa(got.Article.ID), e.write, `{"save_mode":"publish"}`).wantStatus(t, http.StatusOK)
	e.do("GET", search, e.read, nil).wantStatus(t, http.StatusOK).decode(t, &after)
	if before.Snapshots.Count != 0 || after.Snapshots.Count != 1 {
		t.Errorf("search count before publish %d, after %d; want 0 then 1 (drafts are not indexed)", before.Snapshots.Count, after.Snapshots.Count)
	}
}

func TestUploadDOCX(t *testing.T) {
	e := newEnv(t)
	docx := testdocs.Document{Paragraphs: []testdocs.Paragraph{
		{Style: "Title", Runs: []string{"Winter riding"}},
		{Runs: []string{"Cold weather ", "shortens the range."}},
		{Style: "berschrift2", Runs: []string{"Battery"}},
		{Runs: []string{"Keep the battery indoors.\tCharge it at room temperature."}},
		{List: true, Runs: []string{"Use mudguards"}},
		{List: true, Runs: []string{"Check tyre pressure"}},
		{Runs: []string{"Line one\nLine two & more <tags>"}},
		{Runs: []string{"   "}},
	}, Styles: map[string]string{"berschrift2": "heading 2"}}.DOCX()
	var got uploadResult
	e.upload(uploadFilePath, "file", "winter.docx", docx).wantStatus(t, http.StatusOK).decode(t, &got)
	want := "# Winter riding\n\nCold weather shortens the range.\n\n## Battery\n\nKeep the battery indoors. Charge it at room temperature.\n\n" +
		"- Use mudguards\n\n- Check tyre pressure\n\nLine one\nLine two & more <tags>"
	if got.Article.Title != "winter.docx" || *got.Article.Content != want {
		t.Errorf("title %q, content:\n%q\nwant:\n%q", got.Article.Title, *got.Article.Content, want)
	}
}

func TestUploadTextAndMarkdown(t *testing.T) {
	e := newEnv(t)
	var got uploadResult
	e.upload(uploadFilePath, "file", `C:\Users\ana\notes.txt`, []byte("\xEF\xBB\xBFLine one\r\nLine two\r\n")).wantStatus(t, http.StatusOK).decode(t, &got)
	if got.Article.Title != "notes.txt" || *got.Article.Content != "Line one\nLine two" {
		t.Errorf("text upload: title %q content %q", got.Article.Title, *got.Article.Content)
	}
	utf16 := []byte{0xFF, 0xFE, 'H', 0, 'i', 0, ' ', 0, 0x7C, 0x01} // "Hi ż" in UTF-16LE
	e.upload(uploadFilePath, "file", "utf16.txt", utf16).wantStatus(t, http.StatusOK).decode(t, &got)
	if *got.Article.Content != "Hi ż" {
		t.Errorf("UTF-16 text: %q", *got.Article.Content)
	}
}

func TestUploadRefusesWhatIsNotWhatItClaims(t *testing.T) {
	e := newEnv(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
	docx := testdocs.DOCX("text")
	var plainZip bytes.Buffer
	zw := zip.NewWriter(&plainZip)
	w, _ := zw.Create("readme.txt")
	w.Write([]byte("hello"))
	zw.Close()
	corrupt := append([]byte("PK\x03\x04"), bytes.Repeat([]byte("garbage "), 40)...)
	cutDOCX := docx[:len(docx)/2]

	for _, tc := range []struct {
		name, path, field, file string
		data                    []byte
		status                  int
		want                    string
	}{
		{"PNG named .pdf", uploadPDFPath, "pdf_file", "photo.pdf", png, 422, "The file 'photo.pdf' is not a PDF (it starts like a PNG image)."},
		{"DOCX to the PDF endpoint", uploadPDFPath, "pdf_file", "report.pdf", docx, 422, "is not a PDF (it starts like a Word document (.docx)). Send other documents to file_upload_api/"},
		{"ZIP to the PDF endpoint", uploadPDFPath, "pdf_file", "report.pdf", plainZip.Bytes(), 422, "The file 'report.pdf' is not a PDF (it starts like a ZIP archive)."},
		{"PNG named .docx", uploadFilePath, "file", "photo.docx", png, 422, "is not a supported document (it starts like a PNG image)"},
		{"corrupt zip", uploadFilePath, "file", "broken.docx", corrupt, 422, "is damaged and cannot be opened"},
		{"truncated docx", uploadFilePath, "file", "cut.docx", cutDOCX, 422, "damaged"},
		{"zip without a document", uploadFilePath, "file", "archive.docx", plainZip.Bytes(), 422, "not a Word document (it has no word/document.xml)"},
		{"empty file", uploadFilePath, "file", "empty.txt", nil, 422, "is empty"},
		{"empty PDF file", uploadPDFPath, "pdf_file", "empty.pdf", nil, 422, "is not a PDF (it starts like an empty file)"},
		{"text-less PDF", uploadPDFPath, "pdf_file", "scan.pdf", testdocs.PDF(""), 422, "has no text to extract"},
		{"damaged PDF", uploadPDFPath, "pdf_file", "bad.pdf", []byte("%PDF-1.4\nthis is not really a pdf\n"), 422, "starts like a PDF but cannot be read"},
		{"text-less DOCX", uploadFilePath, "file", "blank.docx", testdocs.DOCX(" "), 422, "has no text"},
		{"old Word file", uploadFilePath, "file", "old.doc", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), 422, "save it as .docx"},
		{"binary", uploadFilePath, "file", "blob.txt", []byte{0x00, 0x01, 0x02, 0xFF}, 422, "binary data"},
		{"missing field", uploadPDFPath, "", "", nil, 422, "Field 'pdf_file' is required"},
		{"wrong field", uploadFilePath, "pdf_file", "a.pdf", testdocs.PDF("x"), 422, "Field 'file' is required"},
		{"value instead of file", uploadFilePath, "file", "", []byte("just text"), 422, "must be a file with a file name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code := "VALIDATION_ERROR"
			if tc.status == 400 {
				code = "BAD_REQUEST"
			}
			e.upload(tc.path, tc.field, tc.file, tc.data).wantError(t, tc.status, code, tc.want)
		})
	}

	// Not multipart at all.
	e.do("POST", uploadPDFPath, e.write, `{"pdf_file":"x"}`).wantError(t, 400, "BAD_REQUEST", "multipart/form-data in the field 'pdf_file'")
	// Nothing was created by any refused upload.
	if n := e.list(e.read, "title=.pdf").Count + e.list(e.read, "title=.docx").Count; n != 0 {
		t.Errorf("%d articles created by refused uploads", n)
	}
}

func TestUploadLimit(t *testing.T) {
	e := newEnvWith(t, Config{UploadLimit: 2048})
	big := []byte(strings.Repeat("All work and no play. ", 200)) // 4,400 bytes
	e.upload(uploadFilePath, "file", "big.txt", big).wantError(t, 400, "BAD_REQUEST", "larger than the upload limit of 2 KiB (QCADMIN_SANDBOX_UPLOAD_LIMIT)")
	e.upload(uploadFilePath, "file", "small.txt", big[:2000]).wantStatus(t, http.StatusOK)

	// A body far over the limit is refused from its Content-Length, before it is read.
	huge := uploadRequest(t, uploadFilePath, e.write, "file", "huge.txt", bytes.Repeat([]byte("x"), 200<<10))
	e.send(huge).wantError(t, 400, "BAD_REQUEST", "The upload is larger than the upload limit of 2 KiB")
	// Without a Content-Length the cap on the body stops it just the same.
	chunked := uploadRequest(t, uploadFilePath, e.write, "file", "huge.txt", bytes.Repeat([]byte("x"), 200<<10))
	chunked.ContentLength = -1
	e.send(chunked).wantError(t, 400, "BAD_REQUEST", "larger than the upload limit")

	if got := newEnv(t).sb.upload; got != 20<<20 {
		t.Errorf("default upload limit = %d, want 20 MiB", got)
	}
}

func TestUploadScopeAndTier(t *testing.T) {
	e := newEnv(t)
	req := uploadRequest(t, uploadFilePath, e.read, "file", "a.txt", []byte("text"))
	e.send(req).wantError(t, http.StatusForbidden, "PERMISSION_DENIED", "Required: write_all")
	for _, route := range []string{"knowledge_base/file_upload_api", "knowledge_base/file_upload_api/pdf"} {
		if endpointTier(http.MethodPost, route) != tierHeavy {
			t.Errorf("%s is not HEAVY", route)
		}
	}
}

// TestExtractionReadsPastTheArticleLimit: reading a document stops only past what an article holds, in
// any script, so the stop never shortens an article.
func TestExtractionReadsPastTheArticleLimit(t *testing.T) {
	if extract.MaxText < utf8.UTFMax*maxContent {
		t.Errorf("extract.MaxText = %d bytes, less than %d characters of up to %d bytes", extract.MaxText, maxContent, utf8.UTFMax)
	}
}
