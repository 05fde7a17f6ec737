package views

// KBImportPage is the import of a knowledge base zip: the upload form, or
// the dry run of an uploaded zip with Apply.
type KBImportPage struct {
	Error    string // why the zip was refused, naming the file and line
	MaxLabel string // the largest zip taken, "20 MB"
	// The dry run, once a zip is uploaded and checked.
	StagedID  int64
	FileName  string
	Rows      []KBImportRow
	Creates   int
	Updates   int
	Unchanged int
	Checks    int // compared when the job runs
	Skips     int
	// Estimate says how long applying takes within the rate budget, and the calls it counts.
	Estimate string
}

// KBImportRow is one article of the zip and what the import would do with it.
type KBImportRow struct {
	File    string
	Title   string
	Action  string // create, update, unchanged, check, skip
	Href    string // the agent's article, when it has it
	Note    string
	Fields  []KBImportField
	Content *Diff
}

// KBImportField is one field an update changes.
type KBImportField struct {
	Name, Before, After string
}
