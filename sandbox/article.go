package sandbox

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Article limits.
const (
	maxTitle      = 500
	maxContent    = 200_000
	maxTag        = 50
	maxTagsPerArt = 20
)

// articleJSON is the article object as the API shows it; Content is left out of list items.
type articleJSON struct {
	ID                                     int64    `json:"id"`
	ArticleID                              string   `json:"article_id"`
	Type                                   string   `json:"type"`
	Title                                  string   `json:"title"`
	Description                            string   `json:"description"`
	Content                                *string  `json:"content,omitempty"`
	State                                  string   `json:"state"`
	URL                                    *string  `json:"url"`
	ParentID                               *int64   `json:"parent_id"`
	ParentType                             *string  `json:"parent_type"`
	Shortened                              bool     `json:"shortened"`
	Tags                                   []string `json:"tags"`
	CreatedTimestamp                       string   `json:"created_timestamp"`
	LastModifiedTimestamp                  string   `json:"last_modified_timestamp"`
	DeployState                            string   `json:"deploy_state"`
	Version                                *int     `json:"version"`               // null until first published
	MaxAvailableVersion                    *int     `json:"max_available_version"` // null until first published
	DownloadedTimestamp                    string   `json:"downloaded_timestamp"`  // a date, as created_timestamp
	LastUpdatedTimestamp                   string   `json:"last_updated_timestamp"`
	LastUpdatedFromExternalSourceTimestamp *string  `json:"last_updated_from_external_source_timestamp"`
}

// articleView renders a stored article; withContent is false for list items.
func articleView(a articleRecord, withContent bool) articleJSON {
	v := articleJSON{
		ID: a.ID, ArticleID: a.ArticleID, Type: a.Type, Title: a.Title, Description: a.Description,
		State: a.State, URL: a.URL, ParentID: a.ParentID, ParentType: a.ParentType, Shortened: a.Shortened,
		Tags:                  nonNil(a.Tags),
		CreatedTimestamp:      a.Created.UTC().Format(time.DateOnly),
		LastModifiedTimestamp: a.Updated.UTC().Format(time.DateOnly),
		DeployState:           a.DeployState, Version: optionalVersion(a.Version), MaxAvailableVersion: optionalVersion(a.MaxAvailableVersion),
		DownloadedTimestamp:                    downloadedDate(a),
		LastUpdatedTimestamp:                   a.Updated.UTC().Format(time.RFC3339Nano),
		LastUpdatedFromExternalSourceTimestamp: formatOptional(a.ExternalUpdated),
	}
	if v.DeployState == deployNotDeployed {
		v.DeployState = deployDraft
	}
	if withContent {
		v.Content = &a.Content
	}
	return v
}

// optionalVersion shows a stored version; 0 means the article was never published: null, as the newer
// reference shows a new article.
func optionalVersion(v int) *int {
	if v == 0 {
		return nil
	}
	return &v
}

// downloadedDate is the day the article's content came into the knowledge base: the download of an
// imported page or source article, else the day it was written through the API or uploaded. The newer
// reference shows a new article written through the API with this date (shared spec NEWER.md §4.1).
func downloadedDate(a articleRecord) string {
	t := a.Created
	if a.Downloaded != nil {
		t = *a.Downloaded
	}
	return t.UTC().Format(time.DateOnly)
}

func formatOptional(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339Nano)
	return &s
}

// articleCreateRequest is the body of POST knowledge_base/articles/.
type articleCreateRequest struct {
	Content *string `json:"content"`
	Type    *string `json:"type"`
	Title   *string `json:"title"`
}

// articleCreate is a validated create request.
type articleCreate struct {
	Type, Title, Content string
}

func (req articleCreateRequest) validate() (articleCreate, error) {
	c := articleCreate{Type: typeArticle}
	if req.Content == nil {
		return c, invalid("Field 'content' is required.")
	}
	if err := checkContent(*req.Content); err != nil {
		return c, err
	}
	c.Content = *req.Content
	if req.Type != nil {
		if *req.Type != typeArticle && *req.Type != typeParagraph {
			return c, invalid("Field 'type' must be \"Article\" or \"Paragraph\".")
		}
		c.Type = *req.Type
	}
	if req.Title != nil {
		if err := checkLength("title", *req.Title, maxTitle); err != nil {
			return c, err
		}
		c.Title = *req.Title
	}
	return c, nil
}

// articleUpdateRequest is the body of PATCH knowledge_base/articles/{id}.
type articleUpdateRequest struct {
	Content  *string   `json:"content"`
	Title    *string   `json:"title"`
	Tags     *[]string `json:"tags"`
	SaveMode *string   `json:"save_mode"`
}

func (req articleUpdateRequest) validate() (articlePatch, error) {
	var p articlePatch
	if req.Content != nil {
		if err := checkContent(*req.Content); err != nil {
			return p, err
		}
		p.Content = req.Content
	}
	if req.Title != nil {
		if err := checkLength("title", *req.Title, maxTitle); err != nil {
			return p, err
		}
		p.Title = req.Title
	}
	if req.Tags != nil {
		tags, err := normalizeTags(*req.Tags)
		if err != nil {
			return p, err
		}
		p.Tags = tags
	}
	if req.SaveMode != nil {
		switch *req.SaveMode {
		case "draft":
		case "publish":
			p.Publish = true
		default:
			return p, invalid("Field 'save_mode' must be \"draft\" or \"publish\".")
		}
	}
	return p, nil
}

func checkContent(content string) error {
	if strings.TrimSpace(content) == "" {
		return invalid("Field 'content' must not be empty.")
	}
	return checkLength("content", content, maxContent)
}

// normalizeTags trims each tag and drops repeats, keeping the first spelling's position.
func normalizeTags(tags []string) ([]string, error) {
	out := []string{}
	seen := map[string]bool{}
	for _, tag := range tags {
		tag = strings.TrimSpace(tag)
		switch n := utf8.RuneCountInString(tag); {
		case n == 0:
			return nil, invalid("Field 'tags': a tag must not be empty.")
		case n > maxTag:
			return nil, invalid("Field 'tags': a tag can be at most %d characters long, got one of %d.", maxTag, n)
		}
		if strings.ContainsFunc(tag, unicode.IsControl) {
			return nil, invalid("Field 'tags': tags must not contain control characters, got %q.", tag)
		}
		// The list's tags filter is comma-separated, so a tag with a comma could never be found.
		if strings.Contains(tag, ",") {
			return nil, invalid("Field 'tags': a tag must not contain a comma, got %q.", tag)
		}
		if !seen[tag] {
			seen[tag] = true
			out = append(out, tag)
		}
	}
	if len(out) > maxTagsPerArt {
		return nil, invalid("Field 'tags': an article can have at most %d tags, got %d.", maxTagsPerArt, len(out))
	}
	return out, nil
}
