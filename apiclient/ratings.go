package apiclient

import (
	"context"
	"net/http"
)

// RatingConfiguration says whether visitors are asked to rate their
// conversation, and with which questions.
type RatingConfiguration struct {
	ConvRatingActive      bool `json:"conv_rating_active"`
	ConvRatingPopupActive bool `json:"conv_rating_popup_active"`
	// ConvRatingQuestionCodes name the questions, such as "HELPFUL_THUMBS"
	// or "EXPERIENCE_THUMBS".
	ConvRatingQuestionCodes []string `json:"conv_rating_question_codes"`
}

// RatingConfigurationUpdate is the body of UpdateRatingConfiguration: only
// the fields that are set are sent. The API requires ConvRatingPopupActive
// to equal ConvRatingActive, so set both together.
type RatingConfigurationUpdate struct {
	ConvRatingActive        *bool     `json:"conv_rating_active,omitempty"`
	ConvRatingPopupActive   *bool     `json:"conv_rating_popup_active,omitempty"`
	ConvRatingQuestionCodes *[]string `json:"conv_rating_question_codes,omitempty"`
}

const ratingConfigurationRoute = "conversation_ratings/configuration"

// GetRatingConfiguration returns how visitors are asked to rate
// conversations.
func (c *Client) GetRatingConfiguration(ctx context.Context) (*RatingConfiguration, error) {
	return call[RatingConfiguration](ctx, c, request{method: http.MethodGet, route: ratingConfigurationRoute})
}

// UpdateRatingConfiguration changes the fields set in u and returns the
// whole configuration. An inconsistent change (the popup on while rating is
// off, or the reverse) is refused with a 4xx *APIError carrying the API's
// reason.
func (c *Client) UpdateRatingConfiguration(ctx context.Context, u RatingConfigurationUpdate) (*RatingConfiguration, error) {
	if u.ConvRatingQuestionCodes != nil && *u.ConvRatingQuestionCodes == nil {
		u.ConvRatingQuestionCodes = &[]string{} // a nil list would be sent as null, not as "no questions"
	}
	return call[RatingConfiguration](ctx, c, request{method: http.MethodPatch, route: ratingConfigurationRoute, body: u})
}
