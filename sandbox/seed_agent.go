package sandbox

import (
	"context"
	"database/sql"
	"time"
)

// agentSeededKey marks, in the meta table, that the demo agent's configuration (chatbot settings, widget,
// handoff, AI actions) was created. It is separate from seededKey, so a database from before these
// existed gets them once, on its next start, and later edits are never overwritten.
const agentSeededKey = "demo_agent_seeded_at"

// seedDemoAgent configures the demo agent unless the database has had its configuration before.
func seedDemoAgent(ctx context.Context, st *store, now time.Time) error {
	return st.inTx(ctx, func(tx *sql.Tx) error {
		if _, done, err := metaValue(ctx, tx, agentSeededKey); err != nil || done {
			return err
		}
		for kind, v := range map[string]any{
			kindChatbot: demoChatbotCore(),
			kindWidget:  demoWidgetConfig(),
			kindHandoff: demoHandoffConfig(),
		} {
			if err := saveAgentSetting(ctx, tx, DemoScenarioID, kind, v); err != nil {
				return err
			}
		}
		for i, a := range demoAIActions() {
			if _, err := insertAIAction(ctx, tx, DemoScenarioID, a, now.Add(time.Duration(i-10)*24*time.Hour)); err != nil {
				return err
			}
		}
		return setMetaValue(ctx, tx, agentSeededKey, now.UTC().Format(time.RFC3339))
	})
}

func demoChatbotCore() chatbotCore {
	return chatbotCore{
		Personality: 2, Profession: "customer_support_agent", CreativityLevel: 1, ReplyLength: 1, LanguageChosen: "en",
		Greeting:  "<p>Hi! I'm Vela, the Velora Bikes assistant 🚲 Ask me about orders, delivery, returns, batteries or servicing.</p>",
		Greeting2: "<p>Prefer a person? Just say so and I'll bring in our support team.</p>",
		Header:    "Velora Support", Header2: "Vela usually answers in seconds",
	}
}

func demoWidgetConfig() widgetConfig {
	c := defaultWidgetConfig()
	c.WelcomeMessage = "<p>Hi! I'm Vela, the Velora Bikes assistant 🚲 How can I help?</p>"
	c.WelcomeMessage2 = "Ask about your order, returns, batteries or servicing."
	c.Header, c.Subtitle = "Velora Support", "Vela usually answers in seconds"
	c.InputPlaceholder = "Ask Vela about your e-bike…"
	c.BackgroundDisclaimerText = "Vela is an AI assistant and can make mistakes. Our team reads every handed-over chat."
	c.ConversationStarters = []string{"Where is my order?", "How far can I ride on one charge?", "How do I return my bike?", "When is my first service due?"}
	c.PrimaryColor, c.HeaderColor = "rgb(22, 122, 92)", "rgb(17, 38, 56)"
	c.PrechatActive = true
	c.PrechatHeaderText = "Before we start"
	c.PrechatButtonText = "Start chat"
	prechat := "Leave your name and e-mail so our team can follow up if Vela cannot help."
	c.PrechatMessageText = &prechat
	c.AvatarImage = veloraSite + "/static/vela-avatar.png"
	return c
}

func demoHandoffConfig() handoffConfig {
	return handoffConfig{
		Active:            true,
		GenericGuidelines: []string{"user_frustration", "lack_of_knowledge", "explicit_request"},
		CustomGuidelines: []string{
			"Hand over at once when a rider reports a crash, an injury, or a battery that smokes, swells or smells burnt.",
			"Hand over when a business customer asks about fleet orders or leasing contracts.",
		},
		ConfirmationMessage: "Would you like me to connect you with someone from the Velora support team?",
		AISummaryActive:     true,
		WorkingHours: workingHours{
			Active: true, TimeZone: "Europe/Berlin", Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "08:00", End: "18:00",
			OutOfHoursMessage: "Our team answers Monday to Friday, 8:00–18:00 (Berlin time). Leave your e-mail address and we will reply on the next working day.",
		},
		KeywordTriggers: []string{"speak to human", "talk to a person", "complaint", "mit einem Menschen sprechen"},
		RoutingProfiles: []routingProfile{
			{Topic: "Billing and refunds", Description: "Payments, invoices, refunds that have not arrived, financing and leasing questions.",
				Operators: []string{"ana@velora-bikes.example"}},
			{Topic: "Warranty and repairs", Description: "Damaged deliveries, warranty claims, battery faults and error codes that need a technician.",
				Operators: []string{"jonas@velora-bikes.example", "lucia@velora-bikes.example"}},
			{Topic: "Dealers", Description: "Bike shops and dealers asking about stock, embed codes or the dealer portal.",
				Operators: []string{"jonas@velora-bikes.example"}},
		},
	}
}

// demoAIActions are one action of every type: three made in the dashboard, a Knowledge Base action
// ready to run, and one a team member started but did not finish.
func demoAIActions() []aiActionRecord {
	icon := func(s string) *string { return &s }
	return []aiActionRecord{
		{Type: actionHTTPRequest, Name: "Track my order", Active: true, Icon: icon("truck"), IconColor: icon("rgb(22, 122, 92)"),
			Description: "Look up the delivery status of an order when the customer gives an order number such as VB-12345.",
			Setup:       `{"method":"GET","url":"https://api.velora-bikes.example/orders/{order_number}/status"}`},
		{Type: actionRemoteMCP, Name: "Velora parts catalogue", Active: true, Icon: icon("wrench"), IconColor: icon("rgb(17, 38, 56)"),
			Description: "Find spare parts, batteries and accessories that fit the customer's model, with prices and stock.",
			Setup:       `{"server_url":"https://mcp.velora-bikes.example/parts"}`},
		{Type: actionShopify, Name: "Shopify orders", Active: false, Icon: icon("shopping-bag"), IconColor: icon("rgb(149, 191, 71)"),
			Description: "Read the customer's Shopify orders to answer questions about payments, invoices and cancellations.",
			Setup:       `{"shop":"velora-bikes.myshopify.com","connected":true}`},
		{Type: actionKnowledgeBase, Name: "Battery help", Active: true, Icon: icon("battery"), IconColor: icon("rgb(234, 179, 8)"),
			Description:          "Search the battery articles when the customer asks about charging, range, storage, error codes or battery warranty.",
			ParameterDescription: "The customer's battery question, in their own words.", Tag: icon("batteries")},
		{Type: actionKnowledgeBase, Name: "Returns assistant",
			Description: "Search the return and refund articles when the customer wants to send a bike back."},
	}
}
