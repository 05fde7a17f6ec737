package seed

import (
	"fmt"
	"math/rand/v2"
)

// Story is a believable support chat about one topic in one language: turns alternate visitor and AI,
// the visitor first. {model}, {order}, {city}, {code} and {km} vary per conversation.
type Story struct {
	Topic     string // unified_analysis topic, in English like the dashboard's analysis
	Sentiment string // how the visitor felt
	Title     string
	Turns     []string
	Link      string // a page an AI turn links to; some visitors click it
	Handoff   bool   // the AI cannot settle this alone: the conversation goes to a human (turns end with the visitor)
}

// Language is what the seed needs to write conversations in one language.
type Language struct {
	Code      string
	Count     int // how many demo conversations are in this language
	Cities    []string
	Visitors  []Person
	Phone     func(rng *rand.Rand) string
	Operators []int // who of Operators answers in this language
	Handoff   HandoffScript
	Stories   []Story
}

// Person is a visitor or an operator.
type Person struct{ Name, Email string }

// HandoffScript is how a handoff reads in one language; {first} is the operator's first name, {ticket} their ticket.
type HandoffScript struct {
	Offer, Hello, VisitorReply, Ticket string
}

// Operators are the human operators of the Velora support team.
var Operators = []Person{
	{"Ana Kowalska", "ana@velora-bikes.example"},
	{"Jonas Becker", "jonas@velora-bikes.example"},
	{"Lucía Martín", "lucia@velora-bikes.example"},
}

// Models are the bikes visitors ask about.
var Models = []string{"Velora City 2", "Velora Trail X", "Velora Cargo Duo", "Velora Fold S", "Velora Urban Step"}

// ErrorCodes are the display's error codes visitors report.
var ErrorCodes = []string{"E-12", "E-21", "E-34"}

// Pages are the pages visitors open the chat widget on.
var Pages = []string{"/", "/models", "/models/trail-x", "/models/city-2", "/help", "/account/orders", "/returns", "/checkout"}

// Review notes the demo team wrote about the AI's answers.
var (
	ReviewNotesGood = []string{
		"Accurate and friendly.",
		"Right answer, and it linked the right help page.",
		"Clear steps; the rider solved it without us.",
	}
	ReviewNotesNeedsWork = []string{
		"Correct facts, but Vela should have offered a human sooner.",
		"Too long for a chat; the key fact was in the last sentence.",
		"Should have asked for the order number before answering.",
	}
)

// Languages are the demo conversations' languages, most of them English.
func Languages() []Language {
	return []Language{
		{
			Code: "en", Count: 40,
			Cities: []string{"London", "Manchester", "Dublin", "Amsterdam", "Copenhagen", "Bristol"},
			Visitors: []Person{
				{"Emma Clarke", "emma.clarke@example.com"}, {"Oliver Hughes", "oliver.hughes@example.com"},
				{"Sophie Turner", "sophie.t@example.net"}, {"James Walker", "jwalker@example.org"},
				{"Chloe Bennett", "chloe.bennett@example.com"}, {"Daniel Reed", "dan.reed@example.com"},
				{"Grace Foster", "grace.foster@example.net"}, {"Liam Carter", "liam.carter@example.com"},
			},
			Phone:     func(rng *rand.Rand) string { return fmt.Sprintf("+44 7700 9%02d %03d", rng.IntN(100), rng.IntN(1000)) },
			Operators: []int{0, 1, 2},
			Handoff: HandoffScript{
				Offer:        "I'm sorry about this. I'm handing the conversation to our support team — a colleague will reply here shortly.",
				Hello:        "Hi, this is {first} from Velora support. I've read the conversation and I'm looking into it now.",
				VisitorReply: "Thanks, I appreciate it.",
				Ticket:       "I've opened ticket {ticket} for you. You'll get an email with the next steps today — sorry for the trouble!",
			},
			Stories: englishStories(),
		},
		{
			Code: "de", Count: 9,
			Cities: []string{"München", "Berlin", "Hamburg", "Köln", "Wien", "Zürich"},
			Visitors: []Person{
				{"Lena Hoffmann", "lena.hoffmann@example.de"}, {"Felix Wagner", "f.wagner@example.de"},
				{"Marie Schulz", "marie.schulz@example.at"}, {"Tobias Krüger", "tobias.krueger@example.de"},
			},
			Phone:     func(rng *rand.Rand) string { return fmt.Sprintf("+49 151 %04d %04d", rng.IntN(10000), rng.IntN(10000)) },
			Operators: []int{1},
			Handoff: HandoffScript{
				Offer:        "Das tut mir leid. Ich übergebe das Gespräch an unser Support-Team – eine Kollegin oder ein Kollege meldet sich hier in Kürze.",
				Hello:        "Hallo, hier ist {first} vom Velora-Support. Ich habe den Verlauf gelesen und kümmere mich darum.",
				VisitorReply: "Danke schön!",
				Ticket:       "Ich habe das Ticket {ticket} für Sie angelegt. Sie bekommen heute noch eine E-Mail mit den nächsten Schritten.",
			},
			Stories: germanStories(),
		},
		{
			Code: "fr", Count: 5,
			Cities: []string{"Lyon", "Paris", "Bordeaux", "Lille"},
			Visitors: []Person{
				{"Camille Laurent", "camille.laurent@example.fr"}, {"Hugo Moreau", "hugo.moreau@example.fr"},
				{"Léa Dubois", "lea.dubois@example.fr"},
			},
			Phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+33 6 %02d %02d %02d %02d", rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100))
			},
			Operators: []int{2},
			Handoff: HandoffScript{
				Offer:        "Je suis désolée. Je transmets la conversation à notre équipe support — un collègue vous répondra ici très vite.",
				Hello:        "Bonjour, ici {first} du support Velora. J'ai lu la conversation et je m'en occupe.",
				VisitorReply: "Merci beaucoup.",
				Ticket:       "J'ai ouvert le ticket {ticket}. Vous recevrez aujourd'hui un e-mail avec la suite.",
			},
			Stories: frenchStories(),
		},
		{
			Code: "es", Count: 5,
			Cities: []string{"Madrid", "Valencia", "Sevilla"},
			Visitors: []Person{
				{"Lucía García", "lucia.garcia@example.es"}, {"Javier Romero", "javier.romero@example.es"},
				{"Marta Sánchez", "marta.sanchez@example.es"},
			},
			Phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+34 6%02d %03d %03d", rng.IntN(100), rng.IntN(1000), rng.IntN(1000))
			},
			Operators: []int{2},
			Handoff: HandoffScript{
				Offer:        "Lo siento. Paso la conversación a nuestro equipo de soporte; un compañero le responderá aquí en breve.",
				Hello:        "Hola, soy {first}, del soporte de Velora. He leído la conversación y me encargo ahora mismo.",
				VisitorReply: "¡Gracias!",
				Ticket:       "He abierto el ticket {ticket}. Hoy recibirá un correo con los siguientes pasos.",
			},
			Stories: spanishStories(),
		},
		{
			Code: "pl", Count: 5,
			Cities: []string{"Kraków", "Gdańsk", "Wrocław"},
			Visitors: []Person{
				{"Katarzyna Nowak", "k.nowak@example.pl"}, {"Michał Wiśniewski", "michal.wisniewski@example.pl"},
				{"Zofia Wójcik", "zofia.wojcik@example.pl"},
			},
			Phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+48 5%02d %03d %03d", rng.IntN(100), rng.IntN(1000), rng.IntN(1000))
			},
			Operators: []int{0},
			Handoff: HandoffScript{
				Offer:        "Przepraszam za kłopot. Przekazuję rozmowę do naszego zespołu obsługi — konsultant odpowie tutaj wkrótce.",
				Hello:        "Dzień dobry, tu {first} z obsługi Velora. Przeczytałam rozmowę i już się tym zajmuję.",
				VisitorReply: "Dziękuję!",
				Ticket:       "Założyłam zgłoszenie {ticket}. Jeszcze dziś wyślę e-mail z dalszymi krokami.",
			},
			Stories: polishStories(),
		},
	}
}

func englishStories() []Story {
	return []Story{
		{
			Topic: "Delivery", Sentiment: "positive", Title: "Delivery date for order {order}",
			Link: Site + "/account/orders",
			Turns: []string{
				"Hi! I ordered a {model} last week (order {order}). When will it arrive in {city}?",
				"Thanks for your order! Bikes leave our warehouse within <b>2–4 working days</b> and delivery to {city} usually takes another 2–3 days.<br>" +
					`You can follow your parcel on the <a href="` + Site + `/account/orders">order tracking page</a>.`,
				"Found it, it says out for delivery tomorrow. Thanks!",
				"Great — enjoy your first ride! 🚲",
			},
		},
		{
			Topic: "Damaged delivery", Sentiment: "negative", Title: "{model} arrived damaged", Handoff: true,
			Turns: []string{
				"My {model} arrived today and the rear mudguard is cracked. The box was torn open too. What now?",
				"I'm sorry your bike arrived damaged. Please don't ride it yet.<br>Take photos of the box and the damage and keep the packaging — " +
					"we'll arrange a repair or a replacement at no cost to you.",
				"I already threw the box away. Can someone call me? I need the bike for commuting.",
			},
		},
		{
			Topic: "Returns", Sentiment: "neutral", Title: "Returning a bike that is too big",
			Link: Site + "/returns",
			Turns: []string{
				"Can I still return my bike? I got it 3 weeks ago and it's too big for me.",
				"Yes — you can return any Velora bike within <b>30 days</b> of delivery if it has been ridden less than 100 km. " +
					`Start the return from your account and we'll send you a packing kit.<br><a href="` + Site + `/returns">Start a return</a>`,
				"I've ridden about 60 km, so that's fine?",
				"Yes, under 100 km is fine. If you'd rather keep the bike in a smaller size, you can ask for an exchange instead of a refund.",
				"An exchange sounds better, thanks.",
			},
		},
		{
			Topic: "Refunds", Sentiment: "negative", Title: "Refund not received for order {order}", Handoff: true,
			Turns: []string{
				"I returned my {model} two weeks ago and still haven't got my money back. Order {order}.",
				"Refunds are issued within <b>5 working days</b> after the bike reaches our warehouse and passes inspection. " +
					"Card refunds can take another 3–5 days to show on your statement.",
				"The tracking says it was delivered to you 9 days ago.",
			},
		},
		{
			Topic: "Battery range", Sentiment: "positive", Title: "Range of the {model} on one charge",
			Turns: []string{
				"How far can I ride the {model} on one charge?",
				"Range depends on assist mode, terrain, rider weight and temperature. As a rule of thumb with the 625 Wh battery:<br>" +
					"• Eco: up to 140 km<br>• Tour: about 90 km<br>• Turbo: about 50 km",
				"I commute 35 km a day, mostly flat. Will I need to charge every day?",
				"In Eco or Tour on flat roads you can usually do two or three days of that commute on one charge. " +
					"Cold weather cuts range by up to 30%, so plan a bit more margin in winter.",
				"Perfect, that's what I hoped.",
			},
		},
		{
			Topic: "Battery error", Sentiment: "negative", Title: "Display shows error {code}", Handoff: true,
			Link: Site + "/help/error-codes",
			Turns: []string{
				"My display shows error {code} and the motor won't assist anymore.",
				"Error {code} means the battery isn't talking to the motor. Please try this:<br>1. Switch the bike off.<br>" +
					"2. Take the battery out and check the contacts are clean and dry.<br>3. Click it back in firmly and switch on.<br>" +
					`Other codes are explained in our <a href="` + Site + `/help/error-codes">error code guide</a>.`,
				"Did that twice, still {code}.",
			},
		},
		{
			Topic: "Charging", Sentiment: "neutral", Title: "Storing the battery over winter",
			Turns: []string{
				"Should I take the battery inside for the winter? I park the bike in an unheated garage.",
				"Yes, please store it indoors at 10–20 °C, charged to about <b>30–60%</b>. Check the level every couple of months and top it up if it drops below 30%.",
				"And can I leave it on the charger all the time?",
				"Better not — unplug it once it's full. Our chargers stop at 100%, but a battery kept full for weeks ages faster.",
				"Good to know, thanks.",
			},
		},
		{
			Topic: "Service", Sentiment: "neutral", Title: "First service after {km} km",
			Link: Site + "/service-partners",
			Turns: []string{
				"My {model} just passed {km} km. Do I need to book a service?",
				"Yes — we recommend the first service after <b>500 km</b> or 3 months. It's free at any authorised Velora partner: " +
					"they re-tension the spokes, check the brakes and update the motor firmware.",
				"Is there one near {city}?",
				`You'll find every partner near you on our <a href="` + Site + `/service-partners">service partner map</a>. Just bring your proof of purchase.`,
			},
		},
		{
			Topic: "Frame size", Sentiment: "positive", Title: "Frame size for the {model}",
			Turns: []string{
				"I'm 1.68 m tall. Which frame size do I need for the {model}?",
				"At 1.68 m you're between S and M. We usually recommend <b>S</b> for an upright, relaxed position and <b>M</b> for a sportier ride. " +
					"Your inside leg helps too: under 78 cm, choose S.",
				"Inside leg is 76 cm.",
				"Then S is the right choice. If it doesn't feel right, you can exchange it within 30 days.",
				"Great, ordering now!",
			},
		},
		{
			Topic: "Financing", Sentiment: "neutral", Title: "0% financing and down payment",
			Turns: []string{
				"Do you offer 0% financing?",
				"Yes! You can pay in <b>12 or 24 monthly instalments at 0% APR</b> for orders from €1,000, subject to a credit check. Choose “Financing” at checkout.",
				"Can I pay part of it upfront?",
				"Yes, you can make a down payment of any amount at checkout; the rest is split into equal instalments.",
			},
		},
		{
			Topic: "Leasing", Sentiment: "neutral", Title: "Leasing a {model} through an employer",
			Turns: []string{
				"My employer offers bike leasing. Can I lease a {model}?",
				"Yes, every Velora model can be leased through JobRad, Bikeleasing and Lease a Bike. Ask your employer for the portal, " +
					"pick an authorised Velora dealer there and request an offer for the {model}.",
				"Do I get the same warranty?",
				"Yes — leased bikes have the full 2-year warranty plus 5 years on the frame.",
			},
		},
		{
			Topic: "App", Sentiment: "positive", Title: "App does not find the bike",
			Turns: []string{
				"The Velora app doesn't find my bike over Bluetooth.",
				"Let's fix that:<br>1. Make sure the bike is switched on and the display is awake.<br>" +
					"2. In the app, go to <b>Garage → Add bike</b> and hold the light button for 3 seconds.<br>3. Keep the phone within 1 m of the display.",
				"It worked after the light button trick 👍",
				"Glad to hear it! Your rides will now sync automatically.",
			},
		},
		{
			Topic: "Speed limits", Sentiment: "neutral", Title: "Unlocking the 25 km/h limit",
			Link: Site + "/models",
			Turns: []string{
				"Can the {model} be unlocked to go faster than 25 km/h?",
				"No — our pedelecs are limited to <b>25 km/h</b> by EU law. Removing the limit voids the warranty and your insurance. " +
					"If you need more speed, have a look at our S-pedelec, which assists up to 45 km/h.",
				"What do I need for the S-pedelec?",
				"A moped licence (included in a car licence), insurance with a number plate, and a helmet. " +
					`Details are on the <a href="` + Site + `/models">models page</a>.`,
			},
		},
		{
			Topic: "Charger recall", Sentiment: "negative", Title: "Charger recall batch 2503",
			Link: Site + "/safety/charger-recall",
			Turns: []string{
				"I got an email about a charger recall. My charger says batch 2503. Is it dangerous?",
				"Thank you for checking. Chargers from batch <b>2503</b> can overheat, so please <b>stop using it now</b> and unplug it. " +
					`We'll send you a free replacement within a week — register on the <a href="` + Site + `/safety/charger-recall">recall page</a>.`,
				"Can I charge with a friend's Velora charger meanwhile?",
				"Yes, any Velora charger that isn't from batch 2503 is safe to use with your battery.",
				"OK, registered. Not great, but thanks.",
			},
		},
		{
			Topic: "Greeting", Sentiment: "neutral", Title: "Hello",
			Turns: []string{
				"hi",
				"Hi! I'm Vela, Velora's assistant. I can help with orders, delivery, returns, batteries and more. What can I do for you?",
				"just checking if this works, thanks",
			},
		},
		{
			Topic: "Test ride", Sentiment: "positive", Title: "Test ride in {city}",
			Link: Site + "/test-ride",
			Turns: []string{
				"Can I test ride the {model} somewhere in {city}?",
				`Yes! You can book a free 30-minute test ride at our showrooms or at partner shops: <a href="` + Site + `/test-ride">book a test ride</a>.`,
				"Booked for Saturday, thanks!",
			},
		},
	}
}

func germanStories() []Story {
	return []Story{
		{
			Topic: "Delivery", Sentiment: "positive", Title: "Lieferzeit für Bestellung {order}",
			Link: Site + "/account/orders",
			Turns: []string{
				"Hallo, ich habe ein {model} bestellt (Bestellung {order}). Wann kommt es in {city} an?",
				"Danke für Ihre Bestellung! Räder verlassen unser Lager innerhalb von <b>2–4 Werktagen</b>, die Zustellung dauert dann meist 1–2 Tage.<br>" +
					`Den Status sehen Sie jederzeit in der <a href="` + Site + `/account/orders">Sendungsverfolgung</a>.`,
				"Super, da steht Zustellung morgen. Danke!",
			},
		},
		{
			Topic: "Charging", Sentiment: "neutral", Title: "Akku im Winter lagern",
			Turns: []string{
				"Muss ich den Akku im Winter aus dem Rad nehmen? Die Garage ist nicht beheizt.",
				"Ja, bitte lagern Sie den Akku drinnen bei 10–20 °C und mit etwa <b>30–60 %</b> Ladung. Prüfen Sie den Ladestand alle zwei Monate.",
				"Und darf er die ganze Zeit am Ladegerät hängen?",
				"Lieber nicht – ziehen Sie den Stecker, sobald der Akku voll ist. Ein dauerhaft voller Akku altert schneller.",
				"Alles klar, vielen Dank!",
			},
		},
		{
			Topic: "Returns", Sentiment: "negative", Title: "Rückgabe nach 140 km", Handoff: true,
			Turns: []string{
				"Ich möchte mein {model} zurückgeben, der Rahmen ist mir zu groß. Geht das noch?",
				"Sie können jedes Velora-Rad innerhalb von <b>30 Tagen</b> nach Lieferung zurückgeben, wenn es weniger als 100 km gefahren wurde.",
				"Ich bin schon 140 km gefahren. Gibt es trotzdem eine Lösung? Ich komme mit dem Rad wirklich nicht zurecht.",
			},
		},
		{
			Topic: "Test ride", Sentiment: "positive", Title: "Probefahrt in {city}",
			Link: Site + "/de/probefahrt",
			Turns: []string{
				"Kann ich das {model} in {city} Probe fahren?",
				`Ja! Sie können eine kostenlose Probefahrt von 30 Minuten in unseren Showrooms oder bei Partnerhändlern buchen: <a href="` + Site + `/de/probefahrt">Probefahrt buchen</a>.`,
				"Habe für Samstag gebucht, danke!",
			},
		},
	}
}

func frenchStories() []Story {
	return []Story{
		{
			Topic: "Refunds", Sentiment: "neutral", Title: "Remboursement de la commande {order}",
			Turns: []string{
				"Bonjour, j'ai renvoyé mon {model} il y a dix jours. Quand serai-je remboursé ? Commande {order}.",
				"Bonjour ! Le remboursement est effectué sous <b>5 jours ouvrés</b> après réception et contrôle du vélo dans notre entrepôt. " +
					"Selon votre banque, comptez ensuite 3 à 5 jours.",
				"D'accord, merci pour la réponse rapide.",
			},
		},
		{
			Topic: "Cleaning", Sentiment: "positive", Title: "Nettoyer son vélo électrique",
			Link: Site + "/fr/entretien",
			Turns: []string{
				"Comment nettoyer mon vélo électrique ? Je peux utiliser un nettoyeur haute pression ?",
				"Surtout pas de nettoyeur haute pression : l'eau peut entrer dans le moteur et les roulements.<br>" +
					"Utilisez de l'eau tiède, une éponge douce et un nettoyant vélo, puis séchez et lubrifiez la chaîne.<br>" +
					`Notre guide : <a href="` + Site + `/fr/entretien">entretenir votre vélo</a>.`,
				"Et la batterie, je la retire avant ?",
				"Oui, retirez la batterie et protégez les contacts avant de nettoyer le vélo.",
				"Parfait, merci !",
			},
		},
	}
}

func spanishStories() []Story {
	return []Story{
		{
			Topic: "Battery warranty", Sentiment: "neutral", Title: "Garantía de la batería del {model}",
			Link: Site + "/service-partners",
			Turns: []string{
				"Hola, la batería de mi {model} ya no llega a 40 km. ¿Está cubierta por la garantía?",
				"¡Hola! La batería tiene <b>2 años de garantía</b> y garantizamos al menos el 70 % de su capacidad durante ese tiempo. " +
					"Podemos hacer un diagnóstico gratuito en un taller autorizado.",
				"La compré hace 18 meses. ¿Dónde hago el diagnóstico?",
				`Encontrará los talleres más cercanos en nuestro <a href="` + Site + `/service-partners">mapa de talleres</a>. Lleve la factura de compra.`,
				"Gracias, pediré cita.",
			},
		},
		{
			Topic: "Delivery", Sentiment: "neutral", Title: "Envío de un {model} a Tenerife", Handoff: true,
			Turns: []string{
				"¿Hacéis envíos a Tenerife? Quiero comprar un {model}.",
				"Sí, enviamos a Canarias, pero las baterías viajan en barco con un trámite especial y el plazo es de <b>10 a 15 días laborables</b>.",
				"¿Y cuánto cuestan el envío y los impuestos? Necesito un presupuesto exacto.",
			},
		},
	}
}

func polishStories() []Story {
	return []Story{
		{
			Topic: "Delivery", Sentiment: "positive", Title: "Odbiór osobisty zamówienia {order}",
			Turns: []string{
				"Dzień dobry, zamówiłam {model} (zamówienie {order}). Czy mogę odebrać rower osobiście w Warszawie?",
				"Dzień dobry! Tak, odbiór osobisty jest możliwy w naszym showroomie w Warszawie. Gdy rower będzie gotowy, wyślemy SMS — zwykle w ciągu <b>3 dni roboczych</b>.",
				"Świetnie, dziękuję!",
			},
		},
		{
			Topic: "Warranty", Sentiment: "negative", Title: "Reklamacja: skrzypiący suport", Handoff: true,
			Link: Site + "/pl/reklamacje",
			Turns: []string{
				"Po dwóch tygodniach skrzypi mi suport w {model}. Jak złożyć reklamację?",
				`Przykro mi z tego powodu! Reklamację można zgłosić w <a href="` + Site + `/pl/reklamacje">formularzu reklamacji</a>. ` +
					"Prosimy dołączyć numer zamówienia i krótkie nagranie dźwięku.",
				"Wysłałam formularz wczoraj i nikt się nie odezwał.",
			},
		},
	}
}

// DealerEmbedTopic is the topic of DealerEmbedStory.
const DealerEmbedTopic = "Dealer embed code"

// DealerEmbedStory is the one conversation whose AI reply carries raw <script> and onerror= markup,
// as a reply can: the console must show it as text, never run it.
func DealerEmbedStory() Story {
	return Story{
		Topic: DealerEmbedTopic, Sentiment: "neutral", Title: "Dealer map embed code",
		Link: Site + "/dealers/embed",
		Turns: []string{
			"Hi Vela, we're a Velora dealer in Utrecht. Where do I get the embed code for the dealer map on our shop website?",
			"Happy to help! Paste this snippet where the map should appear:<br>" +
				`<script src="` + Site + `/embed/dealer-map.js" data-dealer="NL-UTR-014"></script>` +
				`<img src="` + Site + `/embed/map-fallback.png" onerror="this.style.display='none'" alt="Velora dealer map"><br>` +
				"The map shows your shop's pin automatically.",
			"Our CMS strips script tags. Is there an iframe version?",
			"Yes — use <b>" + Site + "/embed/dealer-map?dealer=NL-UTR-014</b> in an iframe 600 px high. " +
				`Details are in the <a href="` + Site + `/dealers/embed">dealer embed guide</a>.`,
			"The iframe works, thanks!",
		},
	}
}
