package imports

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"qcadmin/display"
	"qcadmin/views"
	"qcadmin/web"
)

// uploadExtensions are the files Quickchat turns into articles; imports.js checks the same list.
var uploadExtensions = []string{".pdf", ".docx", ".txt", ".md"}

const uploadTypesLabel = "PDF, DOCX, TXT or MD"

// UploadRoute is the one route allowed bodies larger than the console's
// general body limit; the root middleware lets UploadBodyLimit bound it instead.
const UploadRoute = "/imports/files"

// multipartOverhead is room for the form's boundaries and headers around the files.
const multipartOverhead = 1 << 20

// UploadBodyLimit lets the upload route take files up to the upload limit
// (the console's general body limit is far smaller), and no more.
func (h *Handlers) UploadBodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		r.Body = http.MaxBytesReader(c.Response(), r.Body, h.uploadLimit()*maxUploadFiles+multipartOverhead)
		return next(c)
	}
}

// errStopUpload ends an upload whose request body cannot be read on.
var errStopUpload = errors.New("upload stopped")

// UploadFiles turns each uploaded file into an article: PDFs through the PDF
// upload, the rest through the general one. A plain form sends several files
// at once; imports.js sends one per request and shows only that file's row.
func (h *Handlers) UploadFiles(c echo.Context) error {
	v := h.importsView(c)
	m := &v.Files
	ctx := c.Request().Context()
	api := h.API(c)
	mr, err := c.Request().MultipartReader()
	if err != nil {
		m.Error = "Pick at least one file to upload."
		return h.showUploads(c, v)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if web.TokenRefused(err) {
			return h.Failure(c, err) // signs the person out
		}
		if err != nil {
			m.Error = uploadReadError(err, h.uploadLimit())
			break
		}
		if part.FormName() != "files" || part.FileName() == "" {
			part.Close()
			continue
		}
		if len(m.Results) == maxUploadFiles {
			m.Results = append(m.Results, views.UploadResult{Name: part.FileName(), Message: "Not sent: upload at most " + strconv.Itoa(maxUploadFiles) + " files at a time."})
			part.Close()
			continue
		}
		res, err := h.uploadOne(ctx, api, part.FileName(), part)
		part.Close()
		if web.TokenRefused(err) {
			return h.Failure(c, err) // signs the person out
		}
		if err != nil {
			m.Error = uploadReadError(err, h.uploadLimit())
			break
		}
		m.Results = append(m.Results, res)
	}
	if len(m.Results) == 0 && m.Error == "" {
		m.Error = "Pick at least one file to upload."
	}
	return h.showUploads(c, v)
}

// showUploads answers a script's one-file request with that file's row, and a plain form with the page.
func (h *Handlers) showUploads(c echo.Context, v views.Imports) error {
	rows := v.Files.Results
	if v.Files.Error != "" {
		rows = append(rows, views.UploadResult{Name: "Upload", Message: v.Files.Error})
	}
	return h.renderImports(c, v, views.UploadResultItems(rows))
}

// uploadReadError words a request body that could not be read to the end.
func uploadReadError(err error, limit int64) string {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return "These files together are too large to send at once; send up to " + strconv.Itoa(maxUploadFiles) + " files of at most " + display.Bytes(limit) + " each."
	}
	return "The upload could not be read to the end. Try again."
}

// uploadOne checks one file's type and size, then sends it to Quickchat.
// A refused file comes back as its row; the error is for what stops the
// whole upload (a refused token, a request body cut off).
func (h *Handlers) uploadOne(ctx context.Context, api API, name string, src io.Reader) (views.UploadResult, error) {
	row := views.UploadResult{Name: name}
	ext := strings.ToLower(path.Ext(name))
	if !slices.Contains(uploadExtensions, ext) {
		row.Message = "Not sent: “" + name + "” is not a " + uploadTypesLabel + " file."
		return row, nil
	}
	spool, err := os.CreateTemp("", "qcadmin-upload-*")
	if err != nil {
		return row, err
	}
	defer os.Remove(spool.Name())
	defer spool.Close()
	limit := h.uploadLimit()
	n, err := io.Copy(spool, io.LimitReader(src, limit+1))
	if err != nil {
		return row, errors.Join(errStopUpload, err)
	}
	switch {
	case n > limit:
		row.Message = "Not sent: the file is larger than " + display.Bytes(limit) + ", the most this console sends."
		return row, nil
	case n == 0:
		row.Message = "Not sent: the file is empty."
		return row, nil
	}
	head := make([]byte, 8<<10)
	k, _ := spool.ReadAt(head, 0)
	if msg := contentMismatch(ext, head[:k]); msg != "" {
		row.Message = "Not sent: " + msg
		return row, nil
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return row, err
	}
	note := h.budgetNote()
	upload := api.UploadFile
	if ext == ".pdf" {
		upload = api.UploadPDF
	}
	res, err := upload(ctx, name, spool)
	if err != nil {
		if web.TokenRefused(err) {
			return row, err
		}
		row.Message = web.Describe(err)
		return row, nil
	}
	row.OK, row.Message, row.Note = true, res.Message, note
	row.Title = display.Title(res.Article.Title)
	row.Href = "/articles?title=" + url.QueryEscape(name)
	if res.Article.ID != 0 {
		row.Href = "/articles/" + strconv.FormatInt(res.Article.ID, 10)
	}
	return row, nil
}

// contentMismatch says why a file's bytes are not what its name claims, or "" when they are;
// it spares a HEAVY request that Quickchat would refuse anyway.
func contentMismatch(ext string, head []byte) string {
	switch ext {
	case ".pdf":
		if !bytes.HasPrefix(head, []byte("%PDF-")) {
			return "the file is named .pdf but is not a PDF."
		}
	case ".docx":
		if !bytes.HasPrefix(head, []byte("PK\x03\x04")) {
			return "the file is named .docx but is not a Word document."
		}
	default:
		if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
			return "" // UTF-16 with its byte order mark, as Windows tools save text
		}
		// A cut may fall inside a character at the end of the head: trim up to three bytes.
		text := head
		for i := 0; i < 3 && len(text) > 0 && !utf8.Valid(text); i++ {
			text = text[:len(text)-1]
		}
		if bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(text) {
			return "the file is named " + ext + " but is not UTF-8 text."
		}
	}
	return ""
}
