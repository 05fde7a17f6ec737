package agent

import (
	"cmp"
	"errors"
	"net/http"
	"regexp"
	"slices"

	"qcadmin/apiclient"
	"qcadmin/web"
)

// fieldPathPattern finds the field a Quickchat validation message names: "Field 'working_hours.start' must …".
var fieldPathPattern = regexp.MustCompile(`(?i)\bfield '([^']+)'`)

// refusedPath is the field path a 400 or 422 names, such as "routing_profiles[0].operators"; "" when none.
func refusedPath(err error) string {
	var apiErr *apiclient.APIError
	if !errors.As(err, &apiErr) || (apiErr.Status != http.StatusBadRequest && apiErr.Status != http.StatusUnprocessableEntity) {
		return ""
	}
	if m := fieldPathPattern.FindStringSubmatch(apiErr.Message); m != nil {
		return m[1]
	}
	return ""
}

// refusedField is which of fields a refusal is about: the one it names, else the longest one its words mention,
// so "parameter_description" is never taken for "description".
func refusedField(err error, fields ...string) string {
	if p := refusedPath(err); slices.Contains(fields, p) {
		return p
	}
	longestFirst := slices.Clone(fields)
	slices.SortStableFunc(longestFirst, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return web.FieldOf(err, longestFirst...)
}
