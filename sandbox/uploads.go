package sandbox

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"unicode/utf8"

	"qcadmin/display"
	"qcadmin/internal/cut"
	"qcadmin/sandbox/extract"
)

// uploadFormSlack is room in the request body, beyond the file itself, for multipart headers and small fields.
const uploadFormSlack = 64 << 10

// uploadJSON is the answer to a file upload.
type uploadJSON struct {
	Status  string      `json:"status"`
	Message string      `json:"message"`
	Article articleJSON `json:"article"`
}

// uploadedFile is the file part of an upload request, read whole (it is at most the upload limit).
type uploadedFile struct {
	Name string
	Data []byte
}

// uploadPDF serves POST knowledge_base/file_upload_api/pdf: the PDF in field pdf_file becomes a draft article.
func (s *Sandbox) uploadPDF(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := s.readUpload(w, r, "pdf_file")
	if err != nil {
		return err
	}
	if kind := extract.Sniff(f.Data); kind != extract.KindPDF {
		hint := ""
		if kind == extract.KindDOCX || kind == extract.KindText {
			hint = " Send other documents to file_upload_api/ in the field 'file'."
		}
		return invalid("The file '%s' is not a PDF (it starts like %s).%s", f.Name, describeKind(kind), hint)
	}
	text, err := extractPDF(f.Name, f.Data)
	if err != nil {
		return err
	}
	return s.storeUpload(w, r, p, f.Name, text)
}

// uploadFile serves POST knowledge_base/file_upload_api/: a PDF, a Word document or a plain-text or
// Markdown file in field file becomes a draft article. The content decides the type, not the name.
func (s *Sandbox) uploadFile(w http.ResponseWriter, r *http.Request, p principal) error {
	f, err := s.readUpload(w, r, "file")
	if err != nil {
		return err
	}
	var text string
	switch kind := extract.Sniff(f.Data); kind {
	case extract.KindPDF:
		text, err = extractPDF(f.Name, f.Data)
	case extract.KindDOCX:
		text, err = extractDOCX(f.Name, f.Data)
	case extract.KindText:
		text, err = extractText(f.Name, f.Data)
	case extract.KindEmpty:
		err = invalid("The file '%s' is empty.", f.Name)
	case extract.KindBrokenZIP:
		err = invalid("The file '%s' starts like a ZIP archive (as .docx files do) but is damaged and cannot be opened.", f.Name)
	case extract.KindZIP:
		err = invalid("The file '%s' is a ZIP archive but not a Word document (it has no word/document.xml). Upload a PDF, a Word document (.docx), or a plain-text or Markdown file.", f.Name)
	default:
		err = invalid("The file '%s' is not a supported document (it starts like %s). Upload a PDF, a Word document (.docx), or a plain-text or Markdown file.", f.Name, describeKind(kind))
	}
	if err != nil {
		return err
	}
	return s.storeUpload(w, r, p, f.Name, text)
}

// storeUpload creates the article of an uploaded file: titled with the file name, its text as content.
func (s *Sandbox) storeUpload(w http.ResponseWriter, r *http.Request, p principal, name, text string) error {
	content, shortened := clipContent(text)
	created, err := s.store.createImportedArticles(r.Context(), p.ScenarioID, []importedArticle{{
		Type: typeArticle, Title: cut.Runes(name, maxTitle), Content: content, Shortened: shortened,
	}})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, uploadJSON{Status: "success", Message: "File processed successfully.", Article: articleView(created[0], true)})
	return nil
}

// readUpload streams the multipart body and returns the part named field. The body is capped at the
// upload limit plus a little room for headers, and the file at the limit itself, so an oversized upload
// is refused after reading at most that much.
func (s *Sandbox) readUpload(w http.ResponseWriter, r *http.Request, field string) (uploadedFile, error) {
	if r.ContentLength > s.upload+uploadFormSlack {
		return uploadedFile{}, s.tooLarge("")
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.upload+uploadFormSlack)
	mr, err := r.MultipartReader()
	if err != nil {
		return uploadedFile{}, badRequest("Send the file as multipart/form-data in the field '%s' (as curl -F '%s=@document' does).", field, field)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return uploadedFile{}, invalid("Field '%s' is required: send the file as multipart/form-data in the field '%s'.", field, field)
		}
		if err != nil {
			return uploadedFile{}, s.bodyError(err, "")
		}
		if part.FormName() != field {
			// Other fields are read past, within the body cap.
			if _, err := io.Copy(io.Discard, part); err != nil {
				return uploadedFile{}, s.bodyError(err, "")
			}
			continue
		}
		name := fileName(part)
		if name == "" {
			return uploadedFile{}, invalid("Field '%s' must be a file with a file name, not a plain form value.", field)
		}
		data, err := io.ReadAll(io.LimitReader(part, s.upload+1))
		if err != nil {
			return uploadedFile{}, s.bodyError(err, name)
		}
		if int64(len(data)) > s.upload {
			return uploadedFile{}, s.tooLarge(name)
		}
		return uploadedFile{Name: name, Data: data}, nil
	}
}

// fileName is the part's file name without any folder a browser or client put in front of it.
func fileName(part *multipart.Part) string {
	name := part.FileName()
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "�")
	}
	return strings.TrimSpace(name)
}

// bodyError explains a failure while reading the multipart body: over the cap, or malformed.
func (s *Sandbox) bodyError(err error, name string) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return s.tooLarge(name)
	}
	return badRequest("The multipart/form-data body could not be read: %v.", err)
}

func (s *Sandbox) tooLarge(name string) error {
	what := "The upload"
	if name != "" {
		what = fmt.Sprintf("The file '%s'", name)
	}
	return badRequest("%s is larger than the upload limit of %s (QCADMIN_SANDBOX_UPLOAD_LIMIT).", what, display.Bytes(s.upload))
}

// extractPDF reads an uploaded PDF; its problems become 422s that say what to do.
func extractPDF(name string, data []byte) (string, error) {
	text, err := extract.PDF(data)
	switch {
	case err == nil:
		return text, nil
	case errors.Is(err, extract.ErrTimeout):
		return "", invalid("The PDF '%s' took too long to read; it may be damaged. Try saving it again or exporting it as PDF/A.", name)
	case errors.Is(err, extract.ErrEncrypted):
		return "", invalid("The PDF '%s' is password-protected; remove the password and upload it again.", name)
	case errors.Is(err, extract.ErrNoText):
		return "", invalid("The PDF '%s' has no text to extract; it may be a scanned image, and the sandbox does not read text from images.", name)
	}
	return "", invalid("The file '%s' starts like a PDF but cannot be read (%v). Try saving it again as PDF.", name, extract.Reason(err))
}

// extractDOCX reads an uploaded Word document; its problems become 422s.
func extractDOCX(name string, data []byte) (string, error) {
	text, err := extract.DOCX(data)
	switch {
	case err == nil:
		return text, nil
	case errors.Is(err, extract.ErrNotZIP):
		return "", invalid("The file '%s' starts like a ZIP archive (as .docx files do) but is damaged and cannot be opened.", name)
	case errors.Is(err, extract.ErrNotWord):
		return "", invalid("The file '%s' is a ZIP archive but not a Word document (it has no word/document.xml).", name)
	case errors.Is(err, extract.ErrTooLarge):
		return "", invalid("The Word document '%s' unpacks to more than %s of text markup; the sandbox does not read documents that large.", name, display.Bytes(extract.MaxDOCXPart))
	case errors.Is(err, extract.ErrMalformedXML):
		return "", invalid("The Word document '%s' is damaged: its text is not well-formed XML (%v).", name, extract.Reason(err))
	case errors.Is(err, extract.ErrNoText):
		return "", invalid("The Word document '%s' has no text.", name)
	}
	return "", invalid("The Word document '%s' is damaged: %v.", name, extract.Reason(err))
}

// extractText reads an uploaded plain-text or Markdown file; its problems become 422s.
func extractText(name string, data []byte) (string, error) {
	text, err := extract.Text(data)
	switch {
	case errors.Is(err, extract.ErrNotUTF8):
		return "", invalid("The file '%s' is not readable text (it is not UTF-8).", name)
	case errors.Is(err, extract.ErrNoText):
		return "", invalid("The file '%s' has no text.", name)
	}
	return text, err
}

// describeKind names a file kind for "it starts like …" in messages.
func describeKind(k extract.Kind) string {
	switch k {
	case extract.KindEmpty:
		return "an empty file"
	case extract.KindPDF:
		return "a PDF"
	case extract.KindDOCX:
		return "a Word document (.docx)"
	case extract.KindXLSX:
		return "an Excel workbook (.xlsx)"
	case extract.KindPPTX:
		return "a PowerPoint presentation (.pptx)"
	case extract.KindZIP, extract.KindBrokenZIP:
		return "a ZIP archive"
	case extract.KindOldOffice:
		return "an old Office document (.doc, .xls or .ppt; save it as .docx)"
	case extract.KindText:
		return "plain text"
	case extract.KindPNG:
		return "a PNG image"
	case extract.KindJPEG:
		return "a JPEG image"
	case extract.KindGIF:
		return "a GIF image"
	case extract.KindWebP:
		return "a WebP image"
	case extract.KindGzip:
		return "a gzip archive"
	case extract.KindHTML:
		return "an HTML page (import pages with import_external/website)"
	case extract.KindRTF:
		return "an RTF document"
	}
	return "binary data of an unknown kind"
}
