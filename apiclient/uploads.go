package apiclient

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strings"
	"unicode"
)

// UploadResult is the API's answer to an upload: the article it made of the
// file, titled with the file's name.
type UploadResult struct {
	Status  string  `json:"status"`  // e.g. "success"
	Message string  `json:"message"` // a sentence to show the person who uploaded
	Article Article `json:"article"`
}

// The upload routes, for paths and rate budgets alike.
const (
	uploadPDFRoute  = "knowledge_base/file_upload_api/pdf"
	uploadFileRoute = "knowledge_base/file_upload_api/"
)

// UploadPDF sends the PDF read from r, under the name filename, to be turned
// into a Knowledge Base article. See UploadFile for how r is read.
func (c *Client) UploadPDF(ctx context.Context, filename string, r io.Reader) (*UploadResult, error) {
	return c.upload(ctx, uploadPDFRoute, "pdf_file", filename, r)
}

// UploadFile sends a document the API can read (PDF or DOCX), read from r
// under the name filename, to be turned into a Knowledge Base article.
//
// The file is streamed: it is read from r while it is sent, never held in
// memory whole, and it is not read at all when the call fails before
// sending (on the rate budget, for instance). When r can tell its size (a
// *bytes.Reader, *strings.Reader, *os.File, multipart.File or any other
// io.Seeker) the request says how long it is; otherwise it is sent in
// chunks, which some servers refuse. Only the base name of filename is
// sent; it also chooses the part's Content-Type (.pdf, .docx, .txt, else
// application/octet-stream). Uploads count against the HEAVY rate tier, and
// as the body cannot be sent twice, a 429 is returned rather than retried.
// When the call returns, r is no longer read.
func (c *Client) UploadFile(ctx context.Context, filename string, r io.Reader) (*UploadResult, error) {
	return c.upload(ctx, uploadFileRoute, "file", filename, r)
}

func (c *Client) upload(ctx context.Context, route, field, filename string, r io.Reader) (*UploadResult, error) {
	endpoint := http.MethodPost + " " + route
	name := uploadName(filename)
	if name == "" {
		return nil, fmt.Errorf("quickchat: %s: the file has no name", endpoint)
	}
	if r == nil {
		return nil, fmt.Errorf("quickchat: %s: no file to send", endpoint)
	}
	part, err := newFilePart(field, name, r)
	if err != nil {
		return nil, fmt.Errorf("quickchat: %s: %w", endpoint, err)
	}
	out, err := call[UploadResult](ctx, c, request{method: http.MethodPost, route: route, tier: tierHeavy, upload: part.open})
	if readErr := part.wait(); readErr != nil {
		return nil, fmt.Errorf("quickchat: %s: reading %s: %w", endpoint, name, readErr)
	}
	return out, err
}

// uploadName is the name a file is sent under: its base name (browsers once
// sent whole Windows paths), without control characters, which would break
// the part's headers.
func uploadName(filename string) string {
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	filename = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, filename)
	filename = strings.TrimSpace(filename)
	if filename == "." || filename == ".." {
		return ""
	}
	return filename
}

// uploadContentType is the Content-Type a file is announced with, from its
// name. The API looks at the bytes anyway; this only spares it a guess.
func uploadContentType(filename string) string {
	switch strings.ToLower(path.Ext(filename)) {
	case ".pdf":
		return "application/pdf"
	case ".docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case ".txt":
		return "text/plain"
	}
	return "application/octet-stream"
}

// filePart streams one file as a multipart/form-data body with a single
// part.
type filePart struct {
	header   textproto.MIMEHeader
	boundary string
	length   int64 // of the whole body; -1 when the file's size is unknown
	src      *recordingReader
	done     chan struct{} // closed when the writer has stopped; nil until open
}

func newFilePart(field, filename string, r io.Reader) (*filePart, error) {
	p := &filePart{header: textproto.MIMEHeader{}, src: &recordingReader{r: r}, length: -1}
	p.header.Set("Content-Disposition", multipart.FileContentDisposition(field, filename))
	p.header.Set("Content-Type", uploadContentType(filename))
	// The body around the file is written once to count it: the writer
	// is deterministic, so the real one will be as long.
	var frame countingWriter
	mw := multipart.NewWriter(&frame)
	p.boundary = mw.Boundary()
	if _, err := mw.CreatePart(p.header); err != nil {
		return nil, err
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	if size, ok := readerSize(r); ok {
		p.length = frame.n + size
	}
	return p, nil
}

// readerSize tells how many bytes r has left to give, when it can say
// without being read. A Seeker is put back where it was.
func readerSize(r io.Reader) (int64, bool) {
	switch r := r.(type) {
	case interface{ Len() int }:
		return int64(r.Len()), true
	case io.Seeker:
		cur, err := r.Seek(0, io.SeekCurrent)
		if err != nil {
			return 0, false
		}
		end, err := r.Seek(0, io.SeekEnd)
		if _, backErr := r.Seek(cur, io.SeekStart); err != nil || backErr != nil || end < cur {
			return 0, false
		}
		return end - cur, true
	}
	return 0, false
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(b []byte) (int, error) {
	w.n += int64(len(b))
	return len(b), nil
}

// open starts writing the body into a pipe and returns the pipe's end to
// send. Closing that end stops the writer.
func (p *filePart) open() stream {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	mw.SetBoundary(p.boundary) // a boundary it made itself: never refused
	body := stream{body: pr, contentType: mw.FormDataContentType(), length: p.length}
	p.done = make(chan struct{})
	go func() {
		defer close(p.done)
		pw.CloseWithError(p.write(mw)) // nil ends the body normally
	}()
	return body
}

func (p *filePart) write(mw *multipart.Writer) error {
	w, err := mw.CreatePart(p.header)
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, p.src); err != nil {
		return err
	}
	return mw.Close()
}

// wait returns once the body's writer (if it started) has stopped, so that
// the caller's reader is left alone, and reports the error the reader gave,
// if any.
func (p *filePart) wait() error {
	if p.done == nil {
		return nil
	}
	<-p.done
	return p.src.err
}

// recordingReader keeps the first error of the reader it wraps other than
// io.EOF, to tell a file that could not be read from a request that failed.
// It also hides the reader's WriteTo, so the file is copied in small pieces.
type recordingReader struct {
	r   io.Reader
	err error
}

func (rr *recordingReader) Read(b []byte) (int, error) {
	n, err := rr.r.Read(b)
	if err != nil && !errors.Is(err, io.EOF) && rr.err == nil {
		rr.err = err
	}
	return n, err
}
