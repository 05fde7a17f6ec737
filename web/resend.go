package web

import (
	"mime"
	"net/http"

	"github.com/labstack/echo/v4"

	"qcadmin/sessions"
	"qcadmin/views"
)

// maxResendMemory bounds what of a multipart form is read to send it back;
// its files are never kept.
const maxResendMemory = 1 << 20

// resendOf is what a form post that failed before anything was saved sent,
// for its error page to post again: so nothing the person typed is lost
// when the console cannot serve the save. nil for anything but a form post.
// Secret fields and files are left out and said to be.
func resendOf(c echo.Context) *views.Resend {
	r := c.Request()
	if r.Method != http.MethodPost {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	switch mt {
	case echo.MIMEApplicationForm:
		if err := r.ParseForm(); err != nil {
			return nil
		}
	case echo.MIMEMultipartForm:
		if err := r.ParseMultipartForm(maxResendMemory); err != nil {
			return nil
		}
	default:
		return nil
	}
	rs := &views.Resend{Action: r.URL.RequestURI()}
	for name, values := range r.PostForm {
		if sessions.IsSecretField(name) {
			rs.LeftOut = append(rs.LeftOut, name)
			continue
		}
		for _, v := range values {
			rs.Fields = append(rs.Fields, views.SentField{Name: name, Value: v})
		}
	}
	if r.MultipartForm != nil {
		for name := range r.MultipartForm.File {
			rs.LeftOut = append(rs.LeftOut, name)
		}
	}
	if len(rs.Fields) == 0 {
		return nil
	}
	return rs
}
