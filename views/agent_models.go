package views

// ---------- AI actions ----------

// AIActionList is the /ai-actions page.
type AIActionList struct {
	Rows     []AIActionRow
	CanWrite bool
	Error    string // a refusal that belongs to no row, such as a failed create
}

// AIActionRow is one action of the list with its switch.
type AIActionRow struct {
	ID          int64
	Name        string
	Description string
	TypeLabel   string // "Knowledge Base", "HTTP request" …
	Active      bool
	Valid       bool
	// Problems say why the action is not valid yet, in words a person can act on.
	Problems []string
	// ProblemsHref reads the problems of a Knowledge Base action that is not
	// ready, when its "Why?" is opened: they cost a call the list does not make.
	ProblemsHref string
	EditHref     string // set for Knowledge Base actions, which the console edits
	CanWrite     bool
	Error        string // Quickchat refused to switch it
}

// AIActionForm is a Knowledge Base action's page: its four fields as stored or
// as typed, and where it stands as saved.
type AIActionForm struct {
	ID                   int64
	Name                 TextField
	Description          TextField
	ParameterDescription TextField
	Tag                  TextField
	Tags                 []string    // the knowledge base's tags, offered for the tag field
	Coverage             TagCoverage // how many articles the tag covers
	Active               bool
	Valid                bool
	Problems             []string
	CanWrite             bool
	Error                string // a refusal that belongs to no single field
}

// TagCoverage is how many articles carry a tag: what a Knowledge Base action can search.
type TagCoverage struct {
	Tag     string
	Count   int
	Unknown bool   // Quickchat could not say this time
	Href    string // the article list filtered by the tag
}

// AIActionDelete asks once more before an AI action is deleted.
type AIActionDelete struct {
	ID        int64
	Name      string
	TypeLabel string
	Active    bool
	Error     string
}

// ---------- Chatbot settings ----------

// AgentFields are the agent's name, system prompt and AI commands. Quickchat
// keeps one copy of them that both the knowledge base settings and the
// chatbot settings read and write; the persona tab alone edits them.
type AgentFields struct {
	Action   string      // where the form posts, such as "/settings"
	FormID   string      // the form htmx swaps when the instruction list changes
	Name     TextField   // one_word_description: the agent's name
	Prompt   TextField   // short_description: the system prompt
	Commands []TextField // ai_commands, one row per instruction
	// CommandMax is the limit of each instruction, said even when there are none.
	CommandMax int
	// CommandsTotal counts every instruction together against the list's limit.
	CommandsTotal CharCount
	CommandsError string // a message about the whole list
	CanWrite      bool
	Focus         string // id of the control to focus after a list change
}

// ChatbotForm is the chatbot settings form, as stored or as typed.
type ChatbotForm struct {
	// Persona is the agent's name, prompt and guidelines, shown here and edited on the persona tab.
	Persona     PersonaSummary
	Personality ChoiceField
	Creativity  ChoiceField
	ReplyLength ChoiceField
	Language    ChoiceField
	Profession  TextField
	// ProfessionIdentifier is Quickchat's machine name for the profession
	// ("customer_support_agent") when the field shows it as words, so an
	// untouched field saves the name unchanged.
	ProfessionIdentifier string
	Greeting             TextField
	Greeting2            TextField
	Header               TextField
	Header2              TextField
	Preview              GreetingPreview
	// Colours are the widget's, so the greeting's preview looks like the chat window.
	Colours  WidgetColours
	Error    string // a refusal that belongs to no single field
	CanWrite bool
	Unsaved  bool // the instruction list changed on the server but nothing is saved yet
	SettingsMerge
}

// ChoiceField is one pick among options; a value the options lack is kept as an option of its own.
type ChoiceField struct {
	ID      string
	Value   string
	Options []Option
	Error   string
}

// PersonaSummary is the agent's persona as other pages show it, linking to its one editor.
type PersonaSummary struct {
	Known      bool
	Name       string
	Prompt     string
	Guidelines int // how many guidelines (AI commands) it follows
}

// WidgetColours are the widget's configured colours, for previews on other pages.
type WidgetColours struct {
	Primary     string // rgb(r, g, b); empty when unknown
	Header      string
	LightHeader bool // header_text_color: white text on the header
	// Unknown says the widget configuration could not be read: the preview shows the console's colours.
	Unknown bool
}

// GreetingPreview is how a visitor first sees the agent: its header texts and greetings.
type GreetingPreview struct {
	Header  string
	Header2 string
	// GreetingHTML and Greeting2HTML are sanitized HTML, safe to insert as is.
	GreetingHTML  string
	Greeting2HTML string
}

// ---------- Widget ----------

// WidgetForm is the widget configuration form, as stored or as typed, with its preview.
type WidgetForm struct {
	Header, Subtitle, WelcomeMessage, WelcomeMessage2 TextField
	InputPlaceholder, Disclaimer, AvatarImage         TextField
	Starters                                          TextRows
	Toggles                                           []Toggle
	PrimaryColor, HeaderColor                         ColourField
	PrechatActive                                     bool
	PrechatHeader, PrechatButton, PrechatMessage      TextField
	WindowWidth, WindowHeight                         TextField
	Size, Location                                    ChoiceField
	Preview                                           WidgetPreview
	Error                                             string // a refusal that belongs to no single field
	CanWrite                                          bool
	Unsaved                                           bool // rows changed on the server but nothing is saved yet
}

// Toggle is one on/off behaviour of the widget, named as the API names it.
type Toggle struct {
	Name  string
	Label string
	Help  string
	On    bool
}

// ColourField is a colour picked or typed: the picker speaks #rrggbb, the API rgb(r, g, b).
type ColourField struct {
	ID    string
	Label string
	Hex   string // the picker's value: the last colour that could be read
	Text  string // as typed or as stored, "rgb(0, 122, 255)"
	Error string
}

// TextRows is an editable list of one-line texts whose add and remove buttons work without scripts.
type TextRows struct {
	ID        string // the fieldset's id, also the list's name in messages
	Name      string // the form field each row posts
	Label     string
	Help      string
	ItemLabel string // "Starter" in "Starter 2", for screen readers
	AddLabel  string
	Empty     string
	Rows      []TextField
	MaxRows   int // the add button goes away at this many rows; 0 means no limit
	Error     string
	Action    string // where the form posts
	FormID    string // the form htmx swaps after a row is added or removed
	CanWrite  bool
	Focus     string // id of the control to focus after a change
}

// WidgetPreview is the widget drawn with the console's own HTML and CSS. Its colours
// and size travel as data attributes, which widget.js turns into styles.
type WidgetPreview struct {
	Header, Subtitle, Placeholder, Disclaimer string
	// WelcomeHTML and Welcome2HTML are sanitized HTML, safe to insert as is.
	WelcomeHTML, Welcome2HTML                    string
	Starters                                     []string
	PrimaryColor, HeaderColor                    string // rgb(r, g, b); empty when the typed colour cannot be read
	LightHeaderText                              bool
	WhiteLabel                                   bool
	Prechat                                      bool
	PrechatHeader, PrechatButton, PrechatMessage string
	Size, Location                               string
	Width, Height                                int
}

// ---------- Handoff ----------

// HandoffForm is the handoff configuration form, as stored or as typed. Field
// messages sit where the API's field paths point.
type HandoffForm struct {
	Active           bool
	Guidelines       []Checkbox // the built-in signs, generic_guidelines
	GuidelinesError  string
	CustomGuidelines TextRows
	Confirmation     TextField
	AISummary        bool
	Hours            WorkingHoursFields
	Keywords         TextRows
	Profiles         []RoutingProfileRow
	ProfilesError    string // about the whole list
	MaxProfiles      int
	Error            string // a refusal that belongs to no single field
	CanWrite         bool
	Unsaved          bool   // rows changed on the server but nothing is saved yet
	Focus            string // id of the control to focus after a change
}

// Checkbox is one tickable value of a list.
type Checkbox struct {
	Value   string
	Label   string
	Help    string
	Checked bool
}

// WorkingHoursFields are when the team takes conversations over.
type WorkingHoursFields struct {
	Active     bool
	TimeZone   ChoiceField
	Days       []Checkbox
	DaysError  string
	Start      TextField
	End        TextField
	OutOfHours TextField
}

// RoutingProfileRow is one topic and the operators who take it.
type RoutingProfileRow struct {
	Index       int
	ID          string // "routing_profiles-0"
	Topic       TextField
	Description TextField
	Operators   TextField // comma-separated e-mail addresses, as typed
	Error       string    // about the profile as a whole
}

// ---------- Chat playground ----------

// ChatPlayground is a conversation with the agent, sent as a visitor would,
// and the composer for the next message.
type ChatPlayground struct {
	ConvID    string // continues the conversation; empty starts one
	InboxHref string // the conversation in the inbox, once there is one
	Lines     []ChatLine
	LogNote   string // why the log shows less than the whole conversation
	Text      TextField
	Legacy    bool // send through the legacy chat with an API key instead of the session's token
	Metadata  []ChatMetadataRow
	// MaxMetadata is how many client_metadata keys Quickchat takes with a message.
	MaxMetadata    int
	MetadataError  string
	MessageContext TextField
	SkipReply      bool
	MarkTest       bool   // the chat goes with TestChatKey in its client metadata
	TestChatKey    string // the client_metadata key that marks a test chat
	KeySet         bool   // an API key is kept for this agent in the session (never shown)
	KeyIsDemo      bool   // the kept key is the demo agent's, held by the console
	DemoAvailable  bool   // the console can lend the demo agent's key
	KeyError       string
	Error          string // a refusal that belongs to no single field
	Notice         string // what just happened to the API key
	ReadOnly       bool   // the session's token cannot change the agent (it can still chat)
	Focus          string
}

// ChatLine is one message of the playground's conversation.
type ChatLine struct {
	Kind   string // visitor, ai, human
	Author string
	Text   string // what the visitor wrote, escaped by templ
	// SafeHTML is a reply's markup after the console's sanitizer; never unsanitized.
	SafeHTML string
	Latest   bool // the reply to the message just sent
	// Matches are the articles a knowledge-base search finds for the question
	// this reply answers. Quickchat's chat answer does not say which articles
	// it used, so these are labelled as matches, never as the answer's sources.
	Matches []ChatMatch
}

// ChatMatch is one article that matches a playground question, with the sentence that matched.
type ChatMatch struct {
	Title    string
	Href     string
	Sentence string
}

// ChatMetadataRow is one client_metadata key and its text value.
type ChatMetadataRow struct {
	Index int
	ID    string
	Key   string
	Value string
}
