package agent

import (
	"slices"
	"strconv"
	"strings"

	"qcadmin/views"
)

// textRowsSpec describes one editable list of texts on a form.
type textRowsSpec struct {
	id, label, itemLabel, addLabel, help, empty string
	limit, maxRows                              int
	action, formID                              string
}

// rowKey names one row's message in an error map, and its input's id.
func rowKey(list string, i int) string { return list + "-" + strconv.Itoa(i) }

// textRows builds a list editor from the rows as typed, with messages keyed by rowKey and by the list's id.
func textRows(s textRowsSpec, rows []string, errs map[string]string, canWrite bool) views.TextRows {
	m := views.TextRows{
		ID: s.id, Name: s.id, Label: s.label, Help: s.help, ItemLabel: s.itemLabel, AddLabel: s.addLabel, Empty: s.empty,
		MaxRows: s.maxRows, Error: errs[s.id], Action: s.action, FormID: s.formID, CanWrite: canWrite,
	}
	for i, r := range rows {
		m.Rows = append(m.Rows, countedField(rowKey(s.id, i), r, s.limit, errs))
	}
	return m
}

// applyRowsOp adds a row to one of lists or removes one ("add:keyword_triggers",
// "remove:keyword_triggers:2") and returns the id of the control to focus next.
// An unknown list or an index out of range changes nothing: the page was older than the rows.
func applyRowsOp(op string, lists map[string]*[]string) string {
	verb, rest, _ := strings.Cut(op, ":")
	name, arg, _ := strings.Cut(rest, ":")
	list, ok := lists[name]
	if !ok {
		return ""
	}
	if verb == "add" {
		*list = append(*list, "")
		return rowKey(name, len(*list)-1)
	}
	i, err := strconv.Atoi(arg)
	if verb != "remove" || err != nil || i < 0 || i >= len(*list) {
		return ""
	}
	*list = slices.Delete(*list, i, i+1)
	if i < len(*list) {
		return rowKey(name, i)
	}
	return name + "-add"
}

// isRowsOp tells the list buttons' ops from a save.
func isRowsOp(op string) bool { return op != "" && op != "save" }
