package agent_test

import (
	"context"
	"net/http"
	"net/url"
	"qcadmin/handlers/consoletest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"qcadmin/apiclient"
	"qcadmin/sandbox"
)

func ratings(c *consoletest.Console) *apiclient.RatingConfiguration {
	c.T.Helper()
	cfg, err := c.Quickchat().GetRatingConfiguration(context.Background())
	if err != nil {
		c.T.Fatal(err)
	}
	return cfg
}

func ticked(doc *goquery.Selection) []string {
	var codes []string
	doc.Find(`input[name=conv_rating_question_codes][checked]`).Each(func(_ int, s *goquery.Selection) {
		codes = append(codes, s.AttrOr("value", ""))
	})
	return codes
}

func TestRatingsRoundTrip(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	stored := ratings(c)
	res, body := c.Get("/ratings")
	doc := consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	_, active := doc.Find(`#conv_rating_active`).Attr("checked")
	if active != stored.ConvRatingActive || !reflect.DeepEqual(ticked(doc.Selection), stored.ConvRatingQuestionCodes) {
		t.Errorf("form shows active=%t %v, the API has %+v", active, ticked(doc.Selection), stored)
	}
	if got := doc.Find(`input[name=conv_rating_question_codes]`).Length(); got != 4 {
		t.Errorf("%d questions offered", got)
	}
	if !strings.Contains(doc.Find(`label[for=q-NPS]`).Text(), "recommend") {
		t.Errorf("NPS label = %q", doc.Find(`label[for=q-NPS]`).Text())
	}
	if help := doc.Find(`#conv_rating_active-help`).Text(); !strings.Contains(help, "popup") || strings.Contains(help, "conv_rating") {
		t.Errorf("the help does not explain in words why rating and popup go together: %q", help)
	}
	if got := doc.Find(`nav.nav a[aria-current=page]`).Text(); got != "Ratings" {
		t.Errorf("navigation marks %q", got)
	}

	// Off: both switches go off together, and no question is left.
	res, _ = c.Post("/ratings", url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/ratings" {
		t.Fatalf("save: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if got := ratings(c); got.ConvRatingActive || got.ConvRatingPopupActive || len(got.ConvRatingQuestionCodes) != 0 {
		t.Fatalf("after turning off: %+v", got)
	}
	// On, with two questions.
	res, _ = c.Post("/ratings", url.Values{"conv_rating_active": {"true"}, "conv_rating_question_codes": {"EXPERIENCE_STARS", "NPS"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	want := &apiclient.RatingConfiguration{ConvRatingActive: true, ConvRatingPopupActive: true, ConvRatingQuestionCodes: []string{"EXPERIENCE_STARS", "NPS"}}
	if got := ratings(c); !reflect.DeepEqual(got, want) {
		t.Fatalf("after turning on: %+v", got)
	}
	_, body = c.Get("/ratings")
	doc = consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("flash")).Text(); !strings.Contains(got, "Visitors are asked") {
		t.Errorf("flash = %q", got)
	}
	if got := ticked(doc.Selection); !reflect.DeepEqual(got, []string{"EXPERIENCE_STARS", "NPS"}) {
		t.Errorf("ticked after saving: %v", got)
	}
}

func TestRatingsRefusalKeepsTheTicks(t *testing.T) {
	var sent apiclient.RatingConfigurationUpdate
	f := consoletest.FakeConversations{
		GetRatings: func() (*apiclient.RatingConfiguration, error) {
			return &apiclient.RatingConfiguration{ConvRatingActive: true, ConvRatingPopupActive: false, ConvRatingQuestionCodes: []string{"HELPFUL_THUMBS", "LEGACY_CODE"}}, nil
		},
		UpdateRatings: func(u apiclient.RatingConfigurationUpdate) (*apiclient.RatingConfiguration, error) {
			sent = u
			return nil, &apiclient.APIError{Status: 422, Code: "VALIDATION_ERROR", Message: "Field 'conv_rating_question_codes' accepts HELPFUL_THUMBS, EXPERIENCE_THUMBS, EXPERIENCE_STARS, NPS; got \"LEGACY_CODE\"."}
		},
	}
	c := consoletest.New(t, consoletest.WithAPI(f))
	c.SignIn()
	_, body := c.Get("/ratings")
	doc := consoletest.Parse(t, body)
	if got := doc.Find(consoletest.TestID("notice")).Text(); !strings.Contains(got, "rating on but the rating popup off") {
		t.Errorf("inconsistent configuration notice = %q", got)
	}
	if got := ticked(doc.Selection); !reflect.DeepEqual(got, []string{"HELPFUL_THUMBS", "LEGACY_CODE"}) {
		t.Errorf("an unknown code is not kept: %v", got)
	}

	res, body := c.Post("/ratings", url.Values{"conv_rating_question_codes": {"NPS", "LEGACY_CODE"}})
	doc = consoletest.Parse(t, body)
	if res.StatusCode != http.StatusOK || !strings.Contains(doc.Find(consoletest.TestID("ratings-form")+" "+consoletest.TestID("notice")).Text(), "LEGACY_CODE") {
		t.Fatalf("refusal: %d %q", res.StatusCode, doc.Find(consoletest.TestID("notice")).Text())
	}
	if _, on := doc.Find(`#conv_rating_active`).Attr("checked"); on {
		t.Error("the switch came back on")
	}
	if got := ticked(doc.Selection); !reflect.DeepEqual(got, []string{"NPS", "LEGACY_CODE"}) {
		t.Errorf("ticked after a refusal: %v", got)
	}
	if sent.ConvRatingActive == nil || sent.ConvRatingPopupActive == nil || *sent.ConvRatingActive || *sent.ConvRatingPopupActive {
		t.Errorf("rating and popup were not sent together: %+v", sent)
	}
}

func TestRatingsReadOnly(t *testing.T) {
	c := consoletest.New(t)
	c.SignInWith(c.Token(sandbox.ScopeRead, time.Hour))
	before := ratings(c)
	_, body := c.Get("/ratings")
	doc := consoletest.Parse(t, body)
	if doc.Find(`main`).Find(`form[action="/ratings"], input[type=checkbox]`).Length() != 0 {
		t.Error("a read-only session sees the rating form")
	}
	if doc.Find(consoletest.TestID("ratings-readonly")).Length() != 1 {
		t.Error("the configuration is not shown")
	}
	res, body := c.Post("/ratings", url.Values{"conv_rating_active": {"true"}, "conv_rating_question_codes": {"NPS"}})
	if res.StatusCode != http.StatusOK || !strings.Contains(consoletest.Parse(t, body).Find(".notice-error").Text(), "read-only") {
		t.Errorf("forced save: %d", res.StatusCode)
	}
	if got := ratings(c); !reflect.DeepEqual(got, before) {
		t.Errorf("a read-only token changed the ratings: %+v", got)
	}
}

// The questions read as the visitor sees them, never as Quickchat's codes.
func TestRatingsSpeakInWords(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/ratings")
	doc := consoletest.Parse(t, body)
	text := doc.Find(consoletest.TestID("ratings-form")).Text()
	for _, raw := range []string{"HELPFUL_THUMBS", "EXPERIENCE_STARS", "NPS", "conv_rating"} {
		if strings.Contains(text, raw) {
			t.Errorf("the ratings form shows %q: %q", raw, text)
		}
	}
	if got := doc.Find(consoletest.TestID("rating-question")).First().Text(); got != "Was this helpful? (thumbs up or down)" {
		t.Errorf("first question %q", got)
	}
}

// The page promises only what it does: the answers are not in the API, and it says where they are.
func TestRatingsSayWhereTheAnswersAre(t *testing.T) {
	c := consoletest.New(t)
	c.SignIn()
	_, body := c.Get("/ratings")
	got := consoletest.Parse(t, body).Find(consoletest.TestID("ratings-where")).Text()
	if !strings.Contains(got, "Quickchat's own inbox") || strings.Contains(got, "tell your team") {
		t.Errorf("the page says %q", got)
	}
}
