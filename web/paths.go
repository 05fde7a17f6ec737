package web

import (
	"net/url"
	"strconv"
)

// Where each thing lives in the console, so one area can link to another's pages.

// ArticleHref is an article's editor.
func ArticleHref(id int64) string { return "/articles/" + strconv.FormatInt(id, 10) }

// AIActionHref is an AI action's page.
func AIActionHref(id int64) string { return "/ai-actions/" + strconv.FormatInt(id, 10) }

// AuditHref is one audit log entry.
func AuditHref(id int64) string { return "/audit/" + strconv.FormatInt(id, 10) }

// SourceHref is a source's page, e.g. intercom.
func SourceHref(source string) string { return "/sources?source=" + url.QueryEscape(source) }
