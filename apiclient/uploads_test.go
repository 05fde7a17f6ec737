package apiclient

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const uploadAnswer = `{"status":"success","message":"File processed successfully.","article":{"id":1234,"title":"document.pdf"}}`

// sentPart is the one part of a multipart upload, as the API received it.
type sentPart struct {
	field, filename, contentType string
	data                         []byte
}

// readUpload checks that req is a multipart upload to path with the token,
// and returns its only part.
func readUpload(t *testing.T, req *http.Request, path string) sentPart {
	t.Helper()
	if req.Method != "POST" || req.URL.EscapedPath() != path {
		t.Errorf("request %s %s, want POST %s", req.Method, req.URL.EscapedPath(), path)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer "+testToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
	mediaType, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil || mediaType != "multipart/form-data" || params["boundary"] == "" {
		t.Fatalf("Content-Type = %q", req.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(req.Body, params["boundary"])
	p, err := mr.NextPart()
	if err != nil {
		t.Fatalf("reading the part: %v", err)
	}
	data, err := io.ReadAll(p)
	if err != nil {
		t.Fatalf("reading the part's bytes: %v", err)
	}
	got := sentPart{field: p.FormName(), filename: p.FileName(), contentType: p.Header.Get("Content-Type"), data: data}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("after the file: %v, want the end of the body", err)
	}
	return got
}

func TestUploadPDF(t *testing.T) {
	pdf := []byte("%PDF-1.4\n\x00\x01\xff binary bytes\r\n--not-a-boundary\n%%EOF\n")
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		got := readUpload(t, req, "/v1/api/knowledge_base/file_upload_api/pdf")
		if got.field != "pdf_file" || got.filename != "document.pdf" || got.contentType != "application/pdf" || !bytes.Equal(got.data, pdf) {
			t.Errorf("part %q %q %q, %d bytes (intact: %v)", got.field, got.filename, got.contentType, len(got.data), bytes.Equal(got.data, pdf))
		}
		return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
	})
	res, err := c.UploadPDF(t.Context(), "document.pdf", bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "success" || res.Message != "File processed successfully." || res.Article.ID != 1234 || res.Article.Title != "document.pdf" {
		t.Errorf("result = %+v", res)
	}
	if api.calls.Load() != 1 {
		t.Errorf("%d requests, want 1", api.calls.Load())
	}
}

func TestUploadFileNamesAndTypes(t *testing.T) {
	const docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	cases := []struct{ name, sentAs, contentType string }{
		{"Handbook.docx", "Handbook.docx", docx},
		{"HANDBOOK.DOCX", "HANDBOOK.DOCX", docx},
		{"scan.PDF", "scan.PDF", "application/pdf"},
		{"notes.txt", "notes.txt", "text/plain"},
		{"archive.tar.gz", "archive.tar.gz", "application/octet-stream"},
		{"README", "README", "application/octet-stream"},
		{`C:\Users\ana\Desktop\Guide.docx`, "Guide.docx", docx},
		{"exports/2026/Prices.pdf", "Prices.pdf", "application/pdf"},
		{`say "hi".pdf`, `say "hi".pdf`, "application/pdf"},
		{"Preise für 2026 – Übersicht.docx", "Preise für 2026 – Übersicht.docx", docx},
		{"evil\r\nX-Injected: yes\r\n.txt", "evilX-Injected: yes.txt", "text/plain"},
		{"  spaced.txt\t", "spaced.txt", "text/plain"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
				got := readUpload(t, req, "/v1/api/knowledge_base/file_upload_api/")
				if got.field != "file" || got.filename != tc.sentAs || got.contentType != tc.contentType || string(got.data) != "content" {
					t.Errorf("part %q %q %q %q; want file %q %q", got.field, got.filename, got.contentType, got.data, tc.sentAs, tc.contentType)
				}
				return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
			})
			if _, err := c.UploadFile(t.Context(), tc.name, strings.NewReader("content")); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestUploadWithoutANameSendsNothing(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
	})
	for _, name := range []string{"", "  ", "docs/", `C:\`, ".", "..", "a/..", "\r\n"} {
		src := &countingReader{limit: 10}
		if _, err := c.UploadFile(t.Context(), name, src); err == nil || !strings.Contains(err.Error(), "no name") {
			t.Errorf("name %q: err = %v", name, err)
		}
		if src.n.Load() != 0 {
			t.Errorf("name %q: the file was read", name)
		}
	}
	if _, err := c.UploadPDF(t.Context(), "a.pdf", nil); err == nil {
		t.Error("a nil reader was accepted")
	}
	if api.calls.Load() != 0 {
		t.Errorf("%d requests sent", api.calls.Load())
	}
}

// countingReader produces limit generated bytes and counts what was read.
type countingReader struct {
	limit int64
	n     atomic.Int64
	fail  error // returned instead of io.EOF once limit is reached, when set
}

func (r *countingReader) Read(b []byte) (int, error) {
	left := r.limit - r.n.Load()
	if left <= 0 {
		if r.fail != nil {
			return 0, r.fail
		}
		return 0, io.EOF
	}
	b = b[:min(int64(len(b)), left)]
	off := r.n.Load()
	for i := range b {
		b[i] = byte((off + int64(i)) * 7 % 251)
	}
	r.n.Add(int64(len(b)))
	return len(b), nil
}

// generatedSum is the SHA-256 of countingReader's first n bytes.
func generatedSum(n int64) [sha256.Size]byte {
	h := sha256.New()
	io.Copy(h, &countingReader{limit: n})
	var sum [sha256.Size]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestUploadIsStreamed(t *testing.T) {
	const size = 24 << 20
	src := &countingReader{limit: size}
	want := generatedSum(size)
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		// Before the API has read anything, the client has read at most
		// one small piece of the file: it did not load it whole first.
		if n := src.n.Load(); n > 256<<10 {
			t.Errorf("%d bytes of the file read before the API read any", n)
		}
		_, params, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
		p, err := multipart.NewReader(req.Body, params["boundary"]).NextPart()
		if err != nil {
			t.Fatal(err)
		}
		if req.ContentLength > 0 {
			t.Errorf("ContentLength = %d: the body was measured, so it was held", req.ContentLength)
		}
		h := sha256.New()
		chunk := make([]byte, 1<<20)
		var received int64
		for {
			n, err := p.Read(chunk)
			h.Write(chunk[:n])
			received += int64(n)
			// The client stays close behind what the API has received.
			if ahead := src.n.Load() - received; ahead > 256<<10 {
				t.Errorf("the client read %d bytes ahead of the API", ahead)
				break
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if received != size || !bytes.Equal(h.Sum(nil), want[:]) {
			t.Errorf("received %d bytes (intact: %v), want %d", received, bytes.Equal(h.Sum(nil), want[:]), size)
		}
		return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := c.UploadPDF(t.Context(), "big.pdf", src); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	// The API side above allocates its 1 MiB chunk; a client holding the
	// file would have allocated 24 MiB or more.
	if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 8<<20 {
		t.Errorf("a %d MiB upload allocated %d MiB", size>>20, allocated>>20)
	}
	if src.n.Load() != size {
		t.Errorf("read %d bytes of %d", src.n.Load(), size)
	}
}

func TestUploadAnsweredEarlyStopsReadingTheFile(t *testing.T) {
	src := &countingReader{limit: 1 << 40}
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		io.CopyN(io.Discard, req.Body, 100<<10) // the API reads a little, then refuses
		return jsonResponseFrom(t, http.StatusRequestEntityTooLarge, nil,
			`{"errors":{"root":[{"message":"The file is larger than 20 MB.","code":"BAD_REQUEST"}]}}`), nil
	})
	_, err := c.UploadPDF(t.Context(), "huge.pdf", src)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 413 || apiErr.Message != "The file is larger than 20 MB." {
		t.Fatalf("err = %v, want the API's 413", err)
	}
	n := src.n.Load()
	time.Sleep(50 * time.Millisecond)
	if src.n.Load() != n {
		t.Errorf("the file was still read after UploadPDF returned (%d, then %d bytes)", n, src.n.Load())
	}
	if n > 1<<20 {
		t.Errorf("read %d bytes for an upload refused after 100 KiB", n)
	}
}

func TestUploadRefusalsAreAPIErrors(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   APIError
	}{
		{400, `{"errors":{"root":[{"message":"Only PDF files are accepted.","code":"BAD_REQUEST"}]}}`, APIError{400, "BAD_REQUEST", "Only PDF files are accepted."}},
		{422, `{"errors":{"root":[{"message":"pdf_file: required","code":"VALIDATION_ERROR"}]}}`, APIError{422, "VALIDATION_ERROR", "pdf_file: required"}},
		{403, `{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`, APIError{403, "PERMISSION_DENIED", "Insufficient token scope. Required: write_all"}},
	}
	for _, tc := range cases {
		c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
			io.Copy(io.Discard, req.Body)
			return jsonResponseFrom(t, tc.status, nil, tc.body), nil
		})
		_, err := c.UploadPDF(t.Context(), "notes.txt", strings.NewReader("plain text"))
		var apiErr *APIError
		if !errors.As(err, &apiErr) || *apiErr != tc.want {
			t.Errorf("err = %v, want %+v", err, tc.want)
		}
	}
}

func TestUploadTooManyRequestsIsNotRetried(t *testing.T) {
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		io.Copy(io.Discard, req.Body)
		return jsonResponseFrom(t, 429, http.Header{"Retry-After": {"0"}}, tooMany), nil
	})
	if _, err := c.UploadFile(t.Context(), "a.docx", strings.NewReader("x")); !IsStatus(err, 429) {
		t.Fatalf("err = %v, want the 429", err)
	}
	if n := api.calls.Load(); n != 1 {
		t.Errorf("%d requests: the upload was retried without its body", n)
	}
}

func TestUploadFileReadErrorIsReported(t *testing.T) {
	broken := errors.New("disk on fire")
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		if _, err := io.Copy(io.Discard, req.Body); err == nil {
			t.Error("the API received a whole body from a file that could not be read")
		}
		return jsonResponseFrom(t, 400, nil, `{"errors":{"root":[{"message":"Malformed upload.","code":"BAD_REQUEST"}]}}`), nil
	})
	_, err := c.UploadPDF(t.Context(), "scan.pdf", &countingReader{limit: 100 << 10, fail: broken})
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), "scan.pdf") || !strings.Contains(err.Error(), "POST knowledge_base/file_upload_api/pdf") {
		t.Errorf("err = %v, want the read error, the file and the endpoint named", err)
	}
}

func TestUploadWaitingForTheBudgetReadsNothing(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierHeavy, 1)
	c, api := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		io.Copy(io.Discard, req.Body)
		return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
	}, WithBudgets(b), WithTimeout(200*time.Millisecond), WithHeavyTimeout(200*time.Millisecond))
	if got := c.BudgetWait("POST", "knowledge_base/file_upload_api/pdf"); got != 0 {
		t.Errorf("before any upload, BudgetWait = %s", got)
	}
	if _, err := c.UploadPDF(t.Context(), "a.pdf", strings.NewReader("%PDF")); err != nil {
		t.Fatal(err)
	}
	wait := c.BudgetWait("POST", "knowledge_base/file_upload_api/pdf")
	if wait < 59*time.Second || wait > time.Minute {
		t.Errorf("after the only upload of the minute, BudgetWait = %s, want about a minute", wait)
	}
	if got := b.Wait(testToken, "POST", "knowledge_base/file_upload_api/pdf"); got < 59*time.Second || got > time.Minute {
		t.Errorf("Budgets.Wait = %s, want what BudgetWait said", got)
	}
	if got := b.Wait("another-token", "POST", "knowledge_base/file_upload_api/pdf"); got != 0 {
		t.Errorf("another token waits %s", got)
	}
	if got := c.BudgetWait("POST", "knowledge_base/file_upload_api/"); got != 0 {
		t.Errorf("the other upload endpoint waits %s", got)
	}
	src := &countingReader{limit: 1 << 20}
	_, err := c.UploadPDF(t.Context(), "b.pdf", src)
	if !errors.Is(err, ErrRateBudget) {
		t.Fatalf("err = %v, want the rate budget", err)
	}
	if src.n.Load() != 0 || api.calls.Load() != 1 {
		t.Errorf("a refused upload read %d bytes, %d requests", src.n.Load(), api.calls.Load())
	}
	if NewBudgets(false).Wait(testToken, "POST", "knowledge_base/file_upload_api/pdf") != 0 {
		t.Error("disabled budgets make uploads wait")
	}
}

func TestWaitingCountsHeavyWaits(t *testing.T) {
	b := NewBudgets(true)
	b.setPerMinute(tierHeavy, 600) // one slot every 100ms
	c, _ := newFakeClient(t, testToken, func(t *testing.T, req *http.Request) (*http.Response, error) {
		io.Copy(io.Discard, req.Body)
		return jsonResponseFrom(t, 200, nil, uploadAnswer), nil
	}, WithBudgets(b), WithTimeout(2*time.Second))
	l := b.limiter(budgetKey{c.tokenKey, "POST knowledge_base/file_upload_api/"}, tierHeavy)
	if !l.AllowN(time.Now(), l.Burst()) {
		t.Fatal("could not use up the budget")
	}
	if w := c.BudgetWait("POST", "knowledge_base/file_upload_api/"); w <= 0 || w > 100*time.Millisecond {
		t.Errorf("BudgetWait = %s, want up to 100ms", w)
	}
	var sawWaiting atomic.Bool
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-done:
				return
			default:
				if b.Waiting() == 1 {
					sawWaiting.Store(true)
				}
				time.Sleep(5 * time.Millisecond)
			}
		}
	}()
	_, err := c.UploadFile(t.Context(), "a.docx", strings.NewReader("x"))
	close(done)
	if err != nil {
		t.Fatal(err)
	}
	if !sawWaiting.Load() || b.Waiting() != 0 {
		t.Errorf("Waiting() saw the upload: %v; after it: %d", sawWaiting.Load(), b.Waiting())
	}
}

// seekOnly is an io.Seeker that is nothing else a size could be read from.
type seekOnly struct{ io.ReadSeeker }

func TestUploadLengthIsAnnouncedWhenKnown(t *testing.T) {
	type seen struct {
		contentLength    int64
		transferEncoding []string
		part             sentPart
		received         int64
	}
	var got seen
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		got = seen{contentLength: req.ContentLength, transferEncoding: req.TransferEncoding}
		body, err := io.ReadAll(req.Body)
		if err != nil {
			t.Errorf("reading the body: %v", err)
		}
		got.received = int64(len(body))
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.URL.Path = "/v1/api/knowledge_base/file_upload_api/"
		got.part = readUpload(t, req, "/v1/api/knowledge_base/file_upload_api/")
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, uploadAnswer)
	}))
	defer srv.Close()
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)))

	content := strings.Repeat("Returns are accepted within 30 days. ", 3000)
	file, err := os.Create(filepath.Join(t.TempDir(), "policy.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	if _, err := io.WriteString(file, "HEADER TO SKIP\n"+content); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		r     func() io.Reader
		known bool
	}{
		{"strings.Reader", func() io.Reader { return strings.NewReader(content) }, true},
		{"bytes.Buffer", func() io.Reader { return bytes.NewBufferString(content) }, true},
		{"a file read from its middle", func() io.Reader {
			file.Seek(int64(len("HEADER TO SKIP\n")), io.SeekStart)
			return file
		}, true},
		{"any seeker", func() io.Reader { return seekOnly{strings.NewReader(content)} }, true},
		{"a plain reader", func() io.Reader { return io.MultiReader(strings.NewReader(content)) }, false},
		{"an empty file", func() io.Reader { return strings.NewReader("") }, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := content
			if tc.name == "an empty file" {
				want = ""
			}
			if _, err := c.UploadFile(t.Context(), "policy.txt", tc.r()); err != nil {
				t.Fatal(err)
			}
			if string(got.part.data) != want || got.part.filename != "policy.txt" {
				t.Errorf("the API received %d bytes of the file (intact: %v) as %q", len(got.part.data), string(got.part.data) == want, got.part.filename)
			}
			if tc.known && (got.contentLength != got.received || len(got.transferEncoding) != 0) {
				t.Errorf("Content-Length %d, Transfer-Encoding %q for a body of %d bytes", got.contentLength, got.transferEncoding, got.received)
			}
			if !tc.known && (got.contentLength != -1 || !slices.Equal(got.transferEncoding, []string{"chunked"})) {
				t.Errorf("Content-Length %d, Transfer-Encoding %q for a reader of unknown size", got.contentLength, got.transferEncoding)
			}
		})
	}
}

func TestUploadOfAFileThatShrankFails(t *testing.T) {
	// The file says it has 1000 bytes but gives 10: the request is cut off
	// rather than sent with a length it does not have.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		io.Copy(io.Discard, req.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, uploadAnswer)
	}))
	defer srv.Close()
	c := New(srv.URL, testToken, WithBudgets(NewBudgets(false)))
	if _, err := c.UploadFile(t.Context(), "a.txt", liar{strings.NewReader("0123456789"), 1000}); err == nil {
		t.Error("an upload shorter than announced succeeded")
	}
}

// liar reports a length it does not have.
type liar struct {
	io.Reader
	n int
}

func (l liar) Len() int { return l.n }
