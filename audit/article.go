package audit

import (
	"encoding/json"
	"slices"
	"strings"

	"qcadmin/apiclient"
)

// ArticleVersion is an article as the audit log keeps it, before or after a
// write: everything a restore writes back, the content in full.
type ArticleVersion struct {
	ID      int64    `json:"id"`
	Title   string   `json:"title"`
	Type    string   `json:"type,omitempty"`
	State   string   `json:"state,omitempty"`
	Version int      `json:"version,omitempty"`
	Tags    []string `json:"tags"`
	Content string   `json:"content"`
}

// VersionOf is what the log keeps of a.
func VersionOf(a *apiclient.Article) ArticleVersion {
	tags := a.Tags
	if tags == nil {
		tags = []string{}
	}
	return ArticleVersion{ID: a.ID, Title: a.Title, Type: a.Type, State: a.State, Version: a.VersionNumber(), Tags: tags, Content: a.Content}
}

func (v ArticleVersion) json() string {
	b, _ := json.Marshal(v)
	return string(b)
}

// ParseVersion reads one side of an article entry; false when it holds none.
func ParseVersion(body string) (ArticleVersion, bool) {
	var v ArticleVersion
	if !strings.HasPrefix(body, "{") || json.Unmarshal([]byte(body), &v) != nil || v.ID == 0 {
		return ArticleVersion{}, false
	}
	return v, true
}

// SameText reports versions a reader could not tell apart: title, tags and content.
func (v ArticleVersion) SameText(o ArticleVersion) bool {
	return v.Title == o.Title && v.Content == o.Content && slices.Equal(v.Tags, o.Tags)
}

// changed names what differs between two versions, for an entry's summary.
func (v ArticleVersion) changed(o ArticleVersion) []string {
	var fields []string
	if v.Title != o.Title {
		fields = append(fields, "title")
	}
	if !slices.Equal(v.Tags, o.Tags) {
		fields = append(fields, "tags")
	}
	if v.Content != o.Content {
		fields = append(fields, "content")
	}
	if v.State != o.State && o.State != "" {
		fields = append(fields, "state")
	}
	return fields
}
