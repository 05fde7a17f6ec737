package agent

import (
	"slices"

	"qcadmin/merge"
)

// ratingsObject is the rating configuration's fields as the form shows them;
// the popup follows rating, so it is no field of its own.
var ratingsObject = objectFields{
	{"conv_rating_active", "Ask visitors to rate conversations", ""},
	{"conv_rating_question_codes", "Questions", ""},
}

// fields are the rating configuration as the merge compares it: the ticked questions in one order.
func (in ratingsInput) fields() merge.Fields {
	return merge.Fields{"conv_rating_active": in.Active, "conv_rating_question_codes": sortedSet(in.Codes)}
}

// take puts field name of from, as saved by someone else, into the form.
func (in *ratingsInput) take(name string, from ratingsInput) {
	switch name {
	case "conv_rating_active":
		in.Active = from.Active
	case "conv_rating_question_codes":
		in.Codes = slices.Clone(from.Codes)
	}
}
