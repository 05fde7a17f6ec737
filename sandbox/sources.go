package sandbox

import (
	"bytes"
	"errors"
	"net/http"
	"regexp"

	"qcadmin/internal/cut"
)

// sourceNamePattern is what a source may be called: "intercom", "shopify", or any such name.
var sourceNamePattern = regexp.MustCompile(`^[a-z0-9_-]{1,40}$`)

// sourceDiffJSON is one item of an articles_diff answer.
type sourceDiffJSON struct {
	InternalArticleDiff string      `json:"internal_article_diff"`
	ExternalArticleDiff string      `json:"external_article_diff"`
	ArticleSnapshot     articleJSON `json:"article_snapshot"`
}

// pathSource reads the {source} segment.
func pathSource(r *http.Request) (string, error) {
	source := r.PathValue("source")
	if !sourceNamePattern.MatchString(source) {
		return "", invalid("Unknown source %q: a source is named with 1 to 40 lower-case letters, digits, '-' or '_', such as intercom or shopify.", cut.Runes(source, 60))
	}
	return source, nil
}

// importSource serves POST knowledge_base/sources/{source}/import: 200 with the snapshots of the imported articles.
func (s *Sandbox) importSource(w http.ResponseWriter, r *http.Request, p principal) error {
	source, err := pathSource(r)
	if err != nil {
		return err
	}
	if err := decodeEmptyBody(w, r); err != nil {
		return err
	}
	return s.writeSourceImport(w, r, p, source)
}

// deleteSource serves POST knowledge_base/sources/{source}/delete: 204 once every article of the source is gone.
func (s *Sandbox) deleteSource(w http.ResponseWriter, r *http.Request, p principal) error {
	source, err := pathSource(r)
	if err != nil {
		return err
	}
	if err := decodeEmptyBody(w, r); err != nil {
		return err
	}
	return s.writeSourceDelete(w, r, p, source)
}

// diffSource serves POST knowledge_base/sources/{source}/articles_diff.
func (s *Sandbox) diffSource(w http.ResponseWriter, r *http.Request, p principal) error {
	source, err := pathSource(r)
	if err != nil {
		return err
	}
	if err := decodeEmptyBody(w, r); err != nil {
		return err
	}
	return s.writeSourceDiff(w, r, p, source)
}

func (s *Sandbox) writeSourceImport(w http.ResponseWriter, r *http.Request, p principal, source string) error {
	records, _, err := s.store.syncSource(r.Context(), p.ScenarioID, source, nil, true)
	if err != nil {
		return sourceError(err)
	}
	writeJSON(w, http.StatusOK, snapshots(records))
	return nil
}

func (s *Sandbox) writeSourceDelete(w http.ResponseWriter, r *http.Request, p principal, source string) error {
	if err := s.store.deleteSourceArticles(r.Context(), p.ScenarioID, source); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Sandbox) writeSourceDiff(w http.ResponseWriter, r *http.Request, p principal, source string) error {
	diffs, err := s.store.diffSource(r.Context(), p.ScenarioID, source)
	if err != nil {
		return err
	}
	out := make([]sourceDiffJSON, len(diffs))
	for i, d := range diffs {
		out[i] = sourceDiffJSON{InternalArticleDiff: d.Internal, ExternalArticleDiff: d.External, ArticleSnapshot: articleView(d.Article, false)}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// snapshots renders articles as the import answers show them: without content.
func snapshots(records []articleRecord) []articleJSON {
	out := make([]articleJSON, len(records))
	for i, a := range records {
		out[i] = articleView(a, false)
	}
	return out
}

// sourceError turns the store's limits into answers a person can act on.
func sourceError(err error) error {
	switch {
	case errors.Is(err, errTooManySources):
		return invalid("This agent already has %d sources in the sandbox; use one of them.", maxSourcesPerScenario)
	case errors.Is(err, errTooManyExternal):
		return invalid("This source already has %d articles in the sandbox; remove some first.", maxExternalArticles)
	}
	return err
}

// decodeEmptyBody accepts no body or an empty JSON object, as the spec's calls send "{}".
func decodeEmptyBody(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(w, r)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	var empty struct{}
	return decodeJSON(body, &empty)
}
