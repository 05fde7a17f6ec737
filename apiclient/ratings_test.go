package apiclient

import (
	"errors"
	"reflect"
	"testing"
)

const ratingConfigurationJSON = `{"conv_rating_active":true,"conv_rating_popup_active":true,"conv_rating_question_codes":["HELPFUL_THUMBS","EXPERIENCE_THUMBS"]}`

func TestGetRatingConfiguration(t *testing.T) {
	c := expectOne(t, wantRequest{method: "GET", path: "/v1/api/conversation_ratings/configuration"}, 200, ratingConfigurationJSON)
	got, err := c.GetRatingConfiguration(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := RatingConfiguration{ConvRatingActive: true, ConvRatingPopupActive: true, ConvRatingQuestionCodes: []string{"HELPFUL_THUMBS", "EXPERIENCE_THUMBS"}}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("got %+v", *got)
	}
}

func TestUpdateRatingConfigurationSendsOnlySetFields(t *testing.T) {
	var none []string
	cases := []struct {
		name string
		u    RatingConfigurationUpdate
		body string
	}{
		{"the reference's example", RatingConfigurationUpdate{ConvRatingActive: ptr(true), ConvRatingPopupActive: ptr(true)},
			`{"conv_rating_active":true,"conv_rating_popup_active":true}`},
		{"false is sent", RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(false)},
			`{"conv_rating_active":false,"conv_rating_popup_active":false}`},
		{"questions only", RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{"HELPFUL_THUMBS"}}, `{"conv_rating_question_codes":["HELPFUL_THUMBS"]}`},
		{"no questions", RatingConfigurationUpdate{ConvRatingQuestionCodes: &[]string{}}, `{"conv_rating_question_codes":[]}`},
		{"no questions with a nil list", RatingConfigurationUpdate{ConvRatingQuestionCodes: &none}, `{"conv_rating_question_codes":[]}`},
		{"nothing", RatingConfigurationUpdate{}, `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/conversation_ratings/configuration", body: tc.body}, 200, ratingConfigurationJSON)
			got, err := c.UpdateRatingConfiguration(t.Context(), tc.u)
			if err != nil {
				t.Fatal(err)
			}
			if !got.ConvRatingActive || len(got.ConvRatingQuestionCodes) != 2 {
				t.Errorf("configuration = %+v", got)
			}
		})
	}
	if none != nil {
		t.Error("UpdateRatingConfiguration changed the caller's list")
	}
}

func TestUpdateRatingConfigurationInconsistent(t *testing.T) {
	for _, status := range []int{400, 422} {
		c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/conversation_ratings/configuration",
			body: `{"conv_rating_active":false,"conv_rating_popup_active":true}`}, status,
			`{"errors":{"root":[{"message":"conv_rating_popup_active must equal conv_rating_active.","code":"VALIDATION_ERROR"}]}}`)
		got, err := c.UpdateRatingConfiguration(t.Context(), RatingConfigurationUpdate{ConvRatingActive: ptr(false), ConvRatingPopupActive: ptr(true)})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Status != status || apiErr.Message != "conv_rating_popup_active must equal conv_rating_active." || got != nil {
			t.Errorf("status %d: %+v, %v; want the API's refusal", status, got, err)
		}
	}
}

func TestUpdateRatingConfigurationRefusedForAReader(t *testing.T) {
	c := expectOne(t, wantRequest{method: "PATCH", path: "/v1/api/conversation_ratings/configuration", body: `{"conv_rating_active":true}`}, 403,
		`{"errors":{"root":[{"message":"Insufficient token scope. Required: write_all","code":"PERMISSION_DENIED"}]}}`)
	if _, err := c.UpdateRatingConfiguration(t.Context(), RatingConfigurationUpdate{ConvRatingActive: ptr(true)}); !IsStatus(err, 403) {
		t.Errorf("err = %v, want the 403", err)
	}
}
