package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxLangURL caps a language URL at the length browsers and servers reliably handle.
const maxLangURL = 2000

// langURLJSON is the language URL object: the request body of POST and PATCH, and the answer.
type langURLJSON struct {
	URL string `json:"url"`
}

type langURLRequest struct {
	URL *string `json:"url"`
}

// getLangURL serves GET knowledge_base/articles/{id}/lang_urls/{language}.
func (s *Sandbox) getLangURL(w http.ResponseWriter, r *http.Request, p principal) error {
	id, language, err := langURLPath(r)
	if err != nil {
		return err
	}
	u, err := s.store.langURL(r.Context(), p.ScenarioID, id, language)
	if err != nil {
		return langURLError(err, id, language)
	}
	writeJSON(w, http.StatusOK, langURLJSON{URL: u})
	return nil
}

// createLangURL serves POST knowledge_base/articles/{id}/lang_urls/{language}; an existing one is a 409, changed with PATCH.
func (s *Sandbox) createLangURL(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.writeLangURL(w, r, p, s.store.createLangURL)
}

// patchLangURL serves PATCH knowledge_base/articles/{id}/lang_urls/{language}; there must be one to change.
func (s *Sandbox) patchLangURL(w http.ResponseWriter, r *http.Request, p principal) error {
	return s.writeLangURL(w, r, p, s.store.updateLangURL)
}

// deleteLangURL serves DELETE knowledge_base/articles/{id}/lang_urls/{language}.
func (s *Sandbox) deleteLangURL(w http.ResponseWriter, r *http.Request, p principal) error {
	id, language, err := langURLPath(r)
	if err != nil {
		return err
	}
	if err := s.store.deleteLangURL(r.Context(), p.ScenarioID, id, language); err != nil {
		return langURLError(err, id, language)
	}
	writeJSON(w, http.StatusOK, struct{}{})
	return nil
}

// langURLSaver is the store's create or update of a language URL.
type langURLSaver func(ctx context.Context, scenarioID string, articleID int64, language, url string) error

// writeLangURL answers POST and PATCH: the body's url, validated, saved by save.
func (s *Sandbox) writeLangURL(w http.ResponseWriter, r *http.Request, p principal, save langURLSaver) error {
	id, language, err := langURLPath(r)
	if err != nil {
		return err
	}
	var req langURLRequest
	if err := decodeBody(w, r, &req); err != nil {
		return err
	}
	u, err := req.validate()
	if err != nil {
		return err
	}
	if err := save(r.Context(), p.ScenarioID, id, language, u); err != nil {
		return langURLError(err, id, language)
	}
	writeJSON(w, http.StatusOK, langURLJSON{URL: u})
	return nil
}

// langURLPath reads the article id (404 when it names no article) and the language (422 unless an ISO 639-1 code).
func langURLPath(r *http.Request) (int64, string, error) {
	id, err := articlePathID(r)
	if err != nil {
		return 0, "", err
	}
	language := r.PathValue("language")
	if !isLanguageCode(language) {
		return 0, "", invalid("Unknown language code '%s'; use a two-letter lower-case ISO 639-1 code such as 'en', 'de' or 'fr'.", printable(language, 20))
	}
	return id, language, nil
}

// langURLError turns the store's outcomes into the API's 404 and 409 answers.
func langURLError(err error, id int64, language string) error {
	switch {
	case errors.Is(err, errNotFound):
		return articleNotFound(strconv.FormatInt(id, 10))
	case errors.Is(err, errNoLangURL):
		return notFound("Article %d has no '%s' language URL.", id, language)
	case errors.Is(err, errLangURLExists):
		return conflict("Article %d already has a '%s' language URL; use PATCH to change it.", id, language)
	}
	return err
}

// validate returns the trimmed url, which must be an absolute http or https URL of at most maxLangURL characters.
func (req langURLRequest) validate() (string, error) {
	if req.URL == nil {
		return "", invalid("Field 'url' is required.")
	}
	raw := strings.TrimSpace(*req.URL)
	if raw == "" {
		return "", invalid("Field 'url' must not be empty.")
	}
	if n := utf8.RuneCountInString(raw); n > maxLangURL {
		return "", invalid("Field 'url' is too long: %d characters, the limit is %d.", n, maxLangURL)
	}
	if strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return "", invalid("Field 'url' must not contain spaces or control characters.")
	}
	u, err := url.Parse(raw)
	if err != nil || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) || u.Hostname() == "" {
		return "", invalid("Field 'url' must be an absolute http or https URL, got '%s'.", printable(raw, 80))
	}
	return raw, nil
}

// printable shortens s for an error message and escapes what a terminal would not show.
func printable(s string, limit int) string {
	if r := []rune(s); len(r) > limit {
		s = string(r[:limit]) + "…"
	}
	q := strconv.Quote(s)
	return q[1 : len(q)-1]
}
