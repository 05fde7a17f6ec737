package seed

import (
	"strconv"
	"strings"
	"unicode"
)

// SourceArticle is an article a simulated source starts with; AgeDays is how long ago it was written.
type SourceArticle struct {
	Title   string
	AgeDays int
	Content string
}

// SourceArticles are the articles a source has when a scenario first uses it: Velora's Intercom help
// center, its Shopify store pages, or, for any other name, three general support articles.
func SourceArticles(source string) []SourceArticle {
	switch source {
	case "intercom":
		return intercomSeed()
	case "shopify":
		return shopifySeed()
	}
	return genericSourceSeed()
}

// ExternalURL is where the source would publish the article.
func ExternalURL(source string, id int64, title string) string {
	switch source {
	case "intercom":
		return "https://help.velora-bikes.example/en/articles/" + strconv.FormatInt(id, 10) + "-" + slug(title)
	case "shopify":
		return "https://shop.velora-bikes.example/pages/" + slug(title)
	}
	return "https://support.velora-bikes.example/" + source + "/articles/" + strconv.FormatInt(id, 10) + "-" + slug(title)
}

// slug spells a title the way help centers put it in addresses: lower case, words joined by hyphens.
func slug(title string) string {
	words := strings.FieldsFunc(strings.ToLower(title), func(r rune) bool { return r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) })
	s := strings.Join(words, "-")
	if len(s) > 60 {
		s = strings.TrimRight(s[:60], "-")
	}
	if s == "" {
		s = "article"
	}
	return s
}

func intercomSeed() []SourceArticle {
	return []SourceArticle{
		{Title: "Booking a test ride", AgeDays: 210, Content: `You can try any Velora model before you buy it.

## In a showroom
Book a 45-minute slot in Berlin, Munich, Amsterdam or Vienna from the **Test ride** page. Bring photo ID; we set the saddle and handlebar to your height before you leave.

## At home
In Germany and the Netherlands a Velora van brings two frame sizes of the model you choose to your door. The home test ride costs €29, which we refund when you order a bike within 30 days.`},
		{Title: "Changing the delivery address of an order", AgeDays: 190, Content: `You can change the delivery address until your order shows **Ready to ship** in your account.

1. Open **Orders** in your Velora account and choose the order.
2. Select **Change address** and enter the new address.
3. We confirm the change by e-mail within one working day.

Once the bike has left our warehouse the carrier cannot reroute it; contact support with your order number (VB-…) and we arrange a new delivery appointment instead.`},
		{Title: "Cancelling an order before it ships", AgeDays: 175, Content: `Changed your mind? Until your bike ships you can cancel free of charge.

Open the order in your account and select **Cancel order**, or reply to your order confirmation e-mail. Refunds go back to the original payment method within 5 working days. After the bike has shipped, our 30-day return policy applies instead.`},
		{Title: "What the lights on the charger mean", AgeDays: 120, Content: `The Velora 4A charger has one status light.

| Light | Meaning |
| --- | --- |
| Green | Ready, or the battery is full |
| Orange | Charging |
| Orange, blinking | The battery is too cold or too warm: let it reach room temperature |
| Red | Fault: unplug the charger and contact support |

Never keep using a charger whose light stays red or whose case is damaged.`},
		{Title: "Updating the display firmware", AgeDays: 64, Content: `New display firmware adds features and fixes known issues; version 3.2 improves the range estimate.

1. Connect the bike to the Velora app over Bluetooth.
2. Go to **Bike → Firmware** and select **Update**.
3. Keep the phone within 2 m of the bike and the battery above 30% until the display restarts (about 6 minutes).

If the update stops, start it again: the display keeps the previous version until the new one is complete.`},
	}
}

func shopifySeed() []SourceArticle {
	return []SourceArticle{
		{Title: "Shipping policy", AgeDays: 240, Content: `Bikes ship fully assembled in a reusable box with a two-person delivery service. Delivery is free within Germany, Austria and the Benelux countries; other EU countries pay a flat fee shown at checkout.

Accessories and spare parts ship separately with DHL. Orders above €50 ship free.`},
		{Title: "Refund policy", AgeDays: 240, Content: `You can return any bike or accessory within 30 days of delivery, no reasons needed. Bikes must have fewer than 100 km on the odometer.

Refunds go to the original payment method within 5 working days of the return reaching our workshop.`},
		{Title: "Velora City 2: frequently asked questions", AgeDays: 150, Content: `**What range does the City 2 have?** Up to 110 km in Eco mode with the 540 Wh battery; about 60 km in Boost.

**Can I carry a child seat?** Yes: the rear rack takes 27 kg and is approved for child seats with a rack mount.

**Which sizes are there?** S (155–168 cm), M (167–180 cm) and L (179–195 cm).`},
		{Title: "Commuter bundle: what is in the box", AgeDays: 90, Content: `The Commuter bundle adds to your bike:

- a frame lock with a plug-in chain (key-alike with the battery lock)
- full mudguards
- a 20-litre pannier that clips to the rear rack
- a second charger for the office

Bundle items ship with the bike and are fitted before delivery.`},
		{Title: "Gift cards and discount codes", AgeDays: 30, Content: `Velora gift cards are available from €25 to €500 and are valid for three years. Enter the code at checkout in the **Gift card or discount code** field.

Only one discount code can be used per order; gift cards can be combined with a discount code.`},
	}
}

func genericSourceSeed() []SourceArticle {
	return []SourceArticle{
		{Title: "Contacting Velora support", AgeDays: 100, Content: `Our support team answers by chat and e-mail (support@velora-bikes.example) Monday to Friday, 8:00–18:00 CET, and by phone from 9:00 to 17:00.

Have your order number (VB-…) or your bike's frame number ready: it is engraved under the bottom bracket.`},
		{Title: "Where to find your frame number", AgeDays: 80, Content: `The frame number is engraved under the bottom bracket, where the crank arms meet the frame. Turn the bike upside down or look from below with a torch.

You need it to register your bike for warranty and to report a theft.`},
		{Title: "Holiday opening hours", AgeDays: 20, Content: `Between 24 December and 1 January our showrooms are closed and support answers by e-mail only, within two working days.

Orders placed over the holidays ship from 2 January.`},
	}
}
