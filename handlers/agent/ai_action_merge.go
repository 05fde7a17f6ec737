package agent

import "qcadmin/merge"

// aiActionObject is a Knowledge Base action's fields as its form shows them.
var aiActionObject = objectFields{
	{"name", "Name", "name"},
	{"description", "When to use it", "description"},
	{"parameter_description", "What to search for", "parameter_description"},
	{"tag", "Tag of the articles to search", "tag"},
}

// fields are the action as the merge compares it, by the API's names.
func (in kbActionInput) fields() merge.Fields {
	return merge.Fields{"name": in.Name, "description": in.Description, "parameter_description": in.ParameterDescription, "tag": in.Tag}
}

// take puts field name of from, as saved by someone else, into the form.
func (in *kbActionInput) take(name string, from kbActionInput) {
	switch name {
	case "name":
		in.Name = from.Name
	case "description":
		in.Description = from.Description
	case "parameter_description":
		in.ParameterDescription = from.ParameterDescription
	case "tag":
		in.Tag = from.Tag
	}
}
