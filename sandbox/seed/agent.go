package seed

import _ "embed"

// Agent is the demo agent's configuration as JSON, in the API's own shapes: chatbot_settings as GET
// chatbot_settings shows it, widget as a PATCH of widget/configuration (fields left out keep a new
// widget's defaults) and handoff as the whole handoff object.
//
//go:embed agent.json
var Agent []byte

// AIAction is one of the demo agent's AI actions. Type is the API's action type; Setup is the JSON
// an action made in the dashboard needs to run; an empty Icon, IconColor or Tag means none.
type AIAction struct {
	Type                 string
	Name                 string
	Description          string
	Icon                 string
	IconColor            string
	Active               bool
	Tag                  string // knowledge_base actions only
	ParameterDescription string // knowledge_base actions only
	Setup                string
}

// AIActions are one action of every type: three made in the dashboard, a Knowledge Base action
// ready to run, and one a team member started but did not finish.
func AIActions() []AIAction {
	return []AIAction{
		{Type: "http_request", Name: "Track my order", Active: true, Icon: "truck", IconColor: "rgb(22, 122, 92)",
			Description: "Look up the delivery status of an order when the customer gives an order number such as VB-12345.",
			Setup:       `{"method":"GET","url":"https://api.velora-bikes.example/orders/{order_number}/status"}`},
		{Type: "remote_mcp", Name: "Velora parts catalogue", Active: true, Icon: "wrench", IconColor: "rgb(17, 38, 56)",
			Description: "Find spare parts, batteries and accessories that fit the customer's model, with prices and stock.",
			Setup:       `{"server_url":"https://mcp.velora-bikes.example/parts"}`},
		{Type: "shopify", Name: "Shopify orders", Active: false, Icon: "shopping-bag", IconColor: "rgb(149, 191, 71)",
			Description: "Read the customer's Shopify orders to answer questions about payments, invoices and cancellations.",
			Setup:       `{"shop":"velora-bikes.myshopify.com","connected":true}`},
		{Type: "knowledge_base", Name: "Battery help", Active: true, Icon: "battery", IconColor: "rgb(234, 179, 8)",
			Description:          "Search the battery articles when the customer asks about charging, range, storage, error codes or battery warranty.",
			ParameterDescription: "The customer's battery question, in their own words.", Tag: "batteries"},
		{Type: "knowledge_base", Name: "Returns assistant",
			Description: "Search the return and refund articles when the customer wants to send a bike back."},
	}
}
