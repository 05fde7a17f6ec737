package sandbox

import (
	"fmt"
	"math/rand/v2"
)

// convStory is a believable support chat about one topic in one language: turns alternate visitor and AI,
// the visitor first. {model}, {order}, {city}, {code} and {km} vary per conversation.
type convStory struct {
	topic     string // unified_analysis topic, in English like the dashboard's analysis
	sentiment string // how the visitor felt
	title     string
	turns     []string
	link      string // a page an AI turn links to; some visitors click it
	handoff   bool   // the AI cannot settle this alone: the conversation goes to a human (turns end with the visitor)
}

// convLanguage is what the seed needs to write conversations in one language.
type convLanguage struct {
	code      string
	count     int // how many demo conversations are in this language
	cities    []string
	visitors  []visitorID
	phone     func(rng *rand.Rand) string
	operators []int // who of demoOperators answers in this language
	handoff   handoffScript
	stories   []convStory
}

type visitorID struct{ name, email string }

// handoffScript is how a handoff reads in one language; {first} is the operator's first name, {ticket} their ticket.
type handoffScript struct {
	offer, hello, visitorReply, ticket string
}

// operatorID is a human operator of the Velora support team.
type operatorID struct{ name, email string }

var demoOperators = []operatorID{
	{"Ana Kowalska", "ana@velora-bikes.example"},
	{"Jonas Becker", "jonas@velora-bikes.example"},
	{"Lucía Martín", "lucia@velora-bikes.example"},
}

var demoModels = []string{"Velora City 2", "Velora Trail X", "Velora Cargo Duo", "Velora Fold S", "Velora Urban Step"}

var demoErrorCodes = []string{"E-12", "E-21", "E-34"}

// demoPages are the pages visitors open the chat widget on.
var demoPages = []string{"/", "/models", "/models/trail-x", "/models/city-2", "/help", "/account/orders", "/returns", "/checkout"}

const veloraSite = "https://www.velora-bikes.example"

// demoLanguages are the demo conversations' languages, most of them English.
func demoLanguages() []convLanguage {
	return []convLanguage{
		{
			code: "en", count: 40,
			cities: []string{"London", "Manchester", "Dublin", "Amsterdam", "Copenhagen", "Bristol"},
			visitors: []visitorID{
				{"Emma Clarke", "emma.clarke@example.com"}, {"Oliver Hughes", "oliver.hughes@example.com"},
				{"Sophie Turner", "sophie.t@example.net"}, {"James Walker", "jwalker@example.org"},
				{"Chloe Bennett", "chloe.bennett@example.com"}, {"Daniel Reed", "dan.reed@example.com"},
				{"Grace Foster", "grace.foster@example.net"}, {"Liam Carter", "liam.carter@example.com"},
			},
			phone:     func(rng *rand.Rand) string { return fmt.Sprintf("+44 7700 9%02d %03d", rng.IntN(100), rng.IntN(1000)) },
			operators: []int{0, 1, 2},
			handoff: handoffScript{
				offer:        "I'm sorry about this. I'm handing the conversation to our support team — a colleague will reply here shortly.",
				hello:        "Hi, this is {first} from Velora support. I've read the conversation and I'm looking into it now.",
				visitorReply: "Thanks, I appreciate it.",
				ticket:       "I've opened ticket {ticket} for you. You'll get an email with the next steps today — sorry for the trouble!",
			},
			stories: englishStories(),
		},
		{
			code: "de", count: 9,
			cities: []string{"München", "Berlin", "Hamburg", "Köln", "Wien", "Zürich"},
			visitors: []visitorID{
				{"Lena Hoffmann", "lena.hoffmann@example.de"}, {"Felix Wagner", "f.wagner@example.de"},
				{"Marie Schulz", "marie.schulz@example.at"}, {"Tobias Krüger", "tobias.krueger@example.de"},
			},
			phone:     func(rng *rand.Rand) string { return fmt.Sprintf("+49 151 %04d %04d", rng.IntN(10000), rng.IntN(10000)) },
			operators: []int{1},
			handoff: handoffScript{
				offer:        "Das tut mir leid. Ich übergebe das Gespräch an unser Support-Team – eine Kollegin oder ein Kollege meldet sich hier in Kürze.",
				hello:        "Hallo, hier ist {first} vom Velora-Support. Ich habe den Verlauf gelesen und kümmere mich darum.",
				visitorReply: "Danke schön!",
				ticket:       "Ich habe das Ticket {ticket} für Sie angelegt. Sie bekommen heute noch eine E-Mail mit den nächsten Schritten.",
			},
			stories: germanStories(),
		},
		{
			code: "fr", count: 5,
			cities: []string{"Lyon", "Paris", "Bordeaux", "Lille"},
			visitors: []visitorID{
				{"Camille Laurent", "camille.laurent@example.fr"}, {"Hugo Moreau", "hugo.moreau@example.fr"},
				{"Léa Dubois", "lea.dubois@example.fr"},
			},
			phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+33 6 %02d %02d %02d %02d", rng.IntN(100), rng.IntN(100), rng.IntN(100), rng.IntN(100))
			},
			operators: []int{2},
			handoff: handoffScript{
				offer:        "Je suis désolée. Je transmets la conversation à notre équipe support — un collègue vous répondra ici très vite.",
				hello:        "Bonjour, ici {first} du support Velora. J'ai lu la conversation et je m'en occupe.",
				visitorReply: "Merci beaucoup.",
				ticket:       "J'ai ouvert le ticket {ticket}. Vous recevrez aujourd'hui un e-mail avec la suite.",
			},
			stories: frenchStories(),
		},
		{
			code: "es", count: 5,
			cities: []string{"Madrid", "Valencia", "Sevilla"},
			visitors: []visitorID{
				{"Lucía García", "lucia.garcia@example.es"}, {"Javier Romero", "javier.romero@example.es"},
				{"Marta Sánchez", "marta.sanchez@example.es"},
			},
			phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+34 6%02d %03d %03d", rng.IntN(100), rng.IntN(1000), rng.IntN(1000))
			},
			operators: []int{2},
			handoff: handoffScript{
				offer:        "Lo siento. Paso la conversación a nuestro equipo de soporte; un compañero le responderá aquí en breve.",
				hello:        "Hola, soy {first}, del soporte de Velora. He leído la conversación y me encargo ahora mismo.",
				visitorReply: "¡Gracias!",
				ticket:       "He abierto el ticket {ticket}. Hoy recibirá un correo con los siguientes pasos.",
			},
			stories: spanishStories(),
		},
		{
			code: "pl", count: 5,
			cities: []string{"Kraków", "Gdańsk", "Wrocław"},
			visitors: []visitorID{
				{"Katarzyna Nowak", "k.nowak@example.pl"}, {"Michał Wiśniewski", "michal.wisniewski@example.pl"},
				{"Zofia Wójcik", "zofia.wojcik@example.pl"},
			},
			phone: func(rng *rand.Rand) string {
				return fmt.Sprintf("+48 5%02d %03d %03d", rng.IntN(100), rng.IntN(1000), rng.IntN(1000))
			},
			operators: []int{0},
			handoff: handoffScript{
				offer:        "Przepraszam za kłopot. Przekazuję rozmowę do naszego zespołu obsługi — konsultant odpowie tutaj wkrótce.",
				hello:        "Dzień dobry, tu {first} z obsługi Velora. Przeczytałam rozmowę i już się tym zajmuję.",
				visitorReply: "Dziękuję!",
				ticket:       "Założyłam zgłoszenie {ticket}. Jeszcze dziś wyślę e-mail z dalszymi krokami.",
			},
			stories: polishStories(),
		},
	}
}

func englishStories() []convStory {
	return []convStory{
		{
			topic: "Delivery", sentiment: "positive", title: "Delivery date for order {order}",
			link: veloraSite + "/account/orders",
			turns: []string{
				"Hi! I ordered a {model} last week (order {order}). When will it arrive in {city}?",
				"Thanks for your order! Bikes leave our warehouse within <b>2–4 working days</b> and delivery to {city} usually takes another 2–3 days.<br>" +
					`You can follow your parcel on the <a href="` + veloraSite + `/account/orders">order tracking page</a>.`,
				"Found it, it says out for delivery tomorrow. Thanks!",
				"Great — enjoy your first ride! 🚲",
			},
		},
		{
			topic: "Damaged delivery", sentiment: "negative", title: "{model} arrived damaged", handoff: true,
			turns: []string{
				"My {model} arrived today and the rear mudguard is cracked. The box was torn open too. What now?",
				"I'm sorry your bike arrived damaged. Please don't ride it yet.<br>Take photos of the box and the damage and keep the packaging — " +
					"we'll arrange a repair or a replacement at no cost to you.",
				"I already threw the box away. Can someone call me? I need the bike for commuting.",
			},
		},
		{
			topic: "Returns", sentiment: "neutral", title: "Returning a bike that is too big",
			link: veloraSite + "/returns",
			turns: []string{
				"Can I still return my bike? I got it 3 weeks ago and it's too big for me.",
				"Yes — you can return any Velora bike within <b>30 days</b> of delivery if it has been ridden less than 100 km. " +
					`Start the return from your account and we'll send you a packing kit.<br><a href="` + veloraSite + `/returns">Start a return</a>`,
				"I've ridden about 60 km, so that's fine?",
				"Yes, under 100 km is fine. If you'd rather keep the bike in a smaller size, you can ask for an exchange instead of a refund.",
				"An exchange sounds better, thanks.",
			},
		},
		{
			topic: "Refunds", sentiment: "negative", title: "Refund not received for order {order}", handoff: true,
			turns: []string{
				"I returned my {model} two weeks ago and still haven't got my money back. Order {order}.",
				"Refunds are issued within <b>5 working days</b> after the bike reaches our warehouse and passes inspection. " +
					"Card refunds can take another 3–5 days to show on your statement.",
				"The tracking says it was delivered to you 9 days ago.",
			},
		},
		{
			topic: "Battery range", sentiment: "positive", title: "Range of the {model} on one charge",
			turns: []string{
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
			topic: "Battery error", sentiment: "negative", title: "Display shows error {code}", handoff: true,
			link: veloraSite + "/help/error-codes",
			turns: []string{
				"My display shows error {code} and the motor won't assist anymore.",
				"Error {code} means the battery isn't talking to the motor. Please try this:<br>1. Switch the bike off.<br>" +
					"2. Take the battery out and check the contacts are clean and dry.<br>3. Click it back in firmly and switch on.<br>" +
					`Other codes are explained in our <a href="` + veloraSite + `/help/error-codes">error code guide</a>.`,
				"Did that twice, still {code}.",
			},
		},
		{
			topic: "Charging", sentiment: "neutral", title: "Storing the battery over winter",
			turns: []string{
				"Should I take the battery inside for the winter? I park the bike in an unheated garage.",
				"Yes, please store it indoors at 10–20 °C, charged to about <b>30–60%</b>. Check the level every couple of months and top it up if it drops below 30%.",
				"And can I leave it on the charger all the time?",
				"Better not — unplug it once it's full. Our chargers stop at 100%, but a battery kept full for weeks ages faster.",
				"Good to know, thanks.",
			},
		},
		{
			topic: "Service", sentiment: "neutral", title: "First service after {km} km",
			link: veloraSite + "/service-partners",
			turns: []string{
				"My {model} just passed {km} km. Do I need to book a service?",
				"Yes — we recommend the first service after <b>500 km</b> or 3 months. It's free at any authorised Velora partner: " +
					"they re-tension the spokes, check the brakes and update the motor firmware.",
				"Is there one near {city}?",
				`You'll find every partner near you on our <a href="` + veloraSite + `/service-partners">service partner map</a>. Just bring your proof of purchase.`,
			},
		},
		{
			topic: "Frame size", sentiment: "positive", title: "Frame size for the {model}",
			turns: []string{
				"I'm 1.68 m tall. Which frame size do I need for the {model}?",
				"At 1.68 m you're between S and M. We usually recommend <b>S</b> for an upright, relaxed position and <b>M</b> for a sportier ride. " +
					"Your inside leg helps too: under 78 cm, choose S.",
				"Inside leg is 76 cm.",
				"Then S is the right choice. If it doesn't feel right, you can exchange it within 30 days.",
				"Great, ordering now!",
			},
		},
		{
			topic: "Financing", sentiment: "neutral", title: "0% financing and down payment",
			turns: []string{
				"Do you offer 0% financing?",
				"Yes! You can pay in <b>12 or 24 monthly instalments at 0% APR</b> for orders from €1,000, subject to a credit check. Choose “Financing” at checkout.",
				"Can I pay part of it upfront?",
				"Yes, you can make a down payment of any amount at checkout; the rest is split into equal instalments.",
			},
		},
		{
			topic: "Leasing", sentiment: "neutral", title: "Leasing a {model} through an employer",
			turns: []string{
				"My employer offers bike leasing. Can I lease a {model}?",
				"Yes, every Velora model can be leased through JobRad, Bikeleasing and Lease a Bike. Ask your employer for the portal, " +
					"pick an authorised Velora dealer there and request an offer for the {model}.",
				"Do I get the same warranty?",
				"Yes — leased bikes have the full 2-year warranty plus 5 years on the frame.",
			},
		},
		{
			topic: "App", sentiment: "positive", title: "App does not find the bike",
			turns: []string{
				"The Velora app doesn't find my bike over Bluetooth.",
				"Let's fix that:<br>1. Make sure the bike is switched on and the display is awake.<br>" +
					"2. In the app, go to <b>Garage → Add bike</b> and hold the light button for 3 seconds.<br>3. Keep the phone within 1 m of the display.",
				"It worked after the light button trick 👍",
				"Glad to hear it! Your rides will now sync automatically.",
			},
		},
		{
			topic: "Speed limits", sentiment: "neutral", title: "Unlocking the 25 km/h limit",
			link: veloraSite + "/models",
			turns: []string{
				"Can the {model} be unlocked to go faster than 25 km/h?",
				"No — our pedelecs are limited to <b>25 km/h</b> by EU law. Removing the limit voids the warranty and your insurance. " +
					"If you need more speed, have a look at our S-pedelec, which assists up to 45 km/h.",
				"What do I need for the S-pedelec?",
				"A moped licence (included in a car licence), insurance with a number plate, and a helmet. " +
					`Details are on the <a href="` + veloraSite + `/models">models page</a>.`,
			},
		},
		{
			topic: "Charger recall", sentiment: "negative", title: "Charger recall batch 2503",
			link: veloraSite + "/safety/charger-recall",
			turns: []string{
				"I got an email about a charger recall. My charger says batch 2503. Is it dangerous?",
				"Thank you for checking. Chargers from batch <b>2503</b> can overheat, so please <b>stop using it now</b> and unplug it. " +
					`We'll send you a free replacement within a week — register on the <a href="` + veloraSite + `/safety/charger-recall">recall page</a>.`,
				"Can I charge with a friend's Velora charger meanwhile?",
				"Yes, any Velora charger that isn't from batch 2503 is safe to use with your battery.",
				"OK, registered. Not great, but thanks.",
			},
		},
		{
			topic: "Greeting", sentiment: "neutral", title: "Hello",
			turns: []string{
				"hi",
				"Hi! I'm Vela, Velora's assistant. I can help with orders, delivery, returns, batteries and more. What can I do for you?",
				"just checking if this works, thanks",
			},
		},
		{
			topic: "Test ride", sentiment: "positive", title: "Test ride in {city}",
			link: veloraSite + "/test-ride",
			turns: []string{
				"Can I test ride the {model} somewhere in {city}?",
				`Yes! You can book a free 30-minute test ride at our showrooms or at partner shops: <a href="` + veloraSite + `/test-ride">book a test ride</a>.`,
				"Booked for Saturday, thanks!",
			},
		},
	}
}

func germanStories() []convStory {
	return []convStory{
		{
			topic: "Delivery", sentiment: "positive", title: "Lieferzeit für Bestellung {order}",
			link: veloraSite + "/account/orders",
			turns: []string{
				"Hallo, ich habe ein {model} bestellt (Bestellung {order}). Wann kommt es in {city} an?",
				"Danke für Ihre Bestellung! Räder verlassen unser Lager innerhalb von <b>2–4 Werktagen</b>, die Zustellung dauert dann meist 1–2 Tage.<br>" +
					`Den Status sehen Sie jederzeit in der <a href="` + veloraSite + `/account/orders">Sendungsverfolgung</a>.`,
				"Super, da steht Zustellung morgen. Danke!",
			},
		},
		{
			topic: "Charging", sentiment: "neutral", title: "Akku im Winter lagern",
			turns: []string{
				"Muss ich den Akku im Winter aus dem Rad nehmen? Die Garage ist nicht beheizt.",
				"Ja, bitte lagern Sie den Akku drinnen bei 10–20 °C und mit etwa <b>30–60 %</b> Ladung. Prüfen Sie den Ladestand alle zwei Monate.",
				"Und darf er die ganze Zeit am Ladegerät hängen?",
				"Lieber nicht – ziehen Sie den Stecker, sobald der Akku voll ist. Ein dauerhaft voller Akku altert schneller.",
				"Alles klar, vielen Dank!",
			},
		},
		{
			topic: "Returns", sentiment: "negative", title: "Rückgabe nach 140 km", handoff: true,
			turns: []string{
				"Ich möchte mein {model} zurückgeben, der Rahmen ist mir zu groß. Geht das noch?",
				"Sie können jedes Velora-Rad innerhalb von <b>30 Tagen</b> nach Lieferung zurückgeben, wenn es weniger als 100 km gefahren wurde.",
				"Ich bin schon 140 km gefahren. Gibt es trotzdem eine Lösung? Ich komme mit dem Rad wirklich nicht zurecht.",
			},
		},
		{
			topic: "Test ride", sentiment: "positive", title: "Probefahrt in {city}",
			link: veloraSite + "/de/probefahrt",
			turns: []string{
				"Kann ich das {model} in {city} Probe fahren?",
				`Ja! Sie können eine kostenlose Probefahrt von 30 Minuten in unseren Showrooms oder bei Partnerhändlern buchen: <a href="` + veloraSite + `/de/probefahrt">Probefahrt buchen</a>.`,
				"Habe für Samstag gebucht, danke!",
			},
		},
	}
}

func frenchStories() []convStory {
	return []convStory{
		{
			topic: "Refunds", sentiment: "neutral", title: "Remboursement de la commande {order}",
			turns: []string{
				"Bonjour, j'ai renvoyé mon {model} il y a dix jours. Quand serai-je remboursé ? Commande {order}.",
				"Bonjour ! Le remboursement est effectué sous <b>5 jours ouvrés</b> après réception et contrôle du vélo dans notre entrepôt. " +
					"Selon votre banque, comptez ensuite 3 à 5 jours.",
				"D'accord, merci pour la réponse rapide.",
			},
		},
		{
			topic: "Cleaning", sentiment: "positive", title: "Nettoyer son vélo électrique",
			link: veloraSite + "/fr/entretien",
			turns: []string{
				"Comment nettoyer mon vélo électrique ? Je peux utiliser un nettoyeur haute pression ?",
				"Surtout pas de nettoyeur haute pression : l'eau peut entrer dans le moteur et les roulements.<br>" +
					"Utilisez de l'eau tiède, une éponge douce et un nettoyant vélo, puis séchez et lubrifiez la chaîne.<br>" +
					`Notre guide : <a href="` + veloraSite + `/fr/entretien">entretenir votre vélo</a>.`,
				"Et la batterie, je la retire avant ?",
				"Oui, retirez la batterie et protégez les contacts avant de nettoyer le vélo.",
				"Parfait, merci !",
			},
		},
	}
}

func spanishStories() []convStory {
	return []convStory{
		{
			topic: "Battery warranty", sentiment: "neutral", title: "Garantía de la batería del {model}",
			link: veloraSite + "/service-partners",
			turns: []string{
				"Hola, la batería de mi {model} ya no llega a 40 km. ¿Está cubierta por la garantía?",
				"¡Hola! La batería tiene <b>2 años de garantía</b> y garantizamos al menos el 70 % de su capacidad durante ese tiempo. " +
					"Podemos hacer un diagnóstico gratuito en un taller autorizado.",
				"La compré hace 18 meses. ¿Dónde hago el diagnóstico?",
				`Encontrará los talleres más cercanos en nuestro <a href="` + veloraSite + `/service-partners">mapa de talleres</a>. Lleve la factura de compra.`,
				"Gracias, pediré cita.",
			},
		},
		{
			topic: "Delivery", sentiment: "neutral", title: "Envío de un {model} a Tenerife", handoff: true,
			turns: []string{
				"¿Hacéis envíos a Tenerife? Quiero comprar un {model}.",
				"Sí, enviamos a Canarias, pero las baterías viajan en barco con un trámite especial y el plazo es de <b>10 a 15 días laborables</b>.",
				"¿Y cuánto cuestan el envío y los impuestos? Necesito un presupuesto exacto.",
			},
		},
	}
}

func polishStories() []convStory {
	return []convStory{
		{
			topic: "Delivery", sentiment: "positive", title: "Odbiór osobisty zamówienia {order}",
			turns: []string{
				"Dzień dobry, zamówiłam {model} (zamówienie {order}). Czy mogę odebrać rower osobiście w Warszawie?",
				"Dzień dobry! Tak, odbiór osobisty jest możliwy w naszym showroomie w Warszawie. Gdy rower będzie gotowy, wyślemy SMS — zwykle w ciągu <b>3 dni roboczych</b>.",
				"Świetnie, dziękuję!",
			},
		},
		{
			topic: "Warranty", sentiment: "negative", title: "Reklamacja: skrzypiący suport", handoff: true,
			link: veloraSite + "/pl/reklamacje",
			turns: []string{
				"Po dwóch tygodniach skrzypi mi suport w {model}. Jak złożyć reklamację?",
				`Przykro mi z tego powodu! Reklamację można zgłosić w <a href="` + veloraSite + `/pl/reklamacje">formularzu reklamacji</a>. ` +
					"Prosimy dołączyć numer zamówienia i krótkie nagranie dźwięku.",
				"Wysłałam formularz wczoraj i nikt się nie odezwał.",
			},
		},
	}
}

const dealerEmbedTopic = "Dealer embed code"

// dealerEmbedStory is the one conversation whose AI reply carries raw <script> and onerror= markup,
// as a reply can: the console must show it as text, never run it.
func dealerEmbedStory() convStory {
	return convStory{
		topic: dealerEmbedTopic, sentiment: "neutral", title: "Dealer map embed code",
		link: veloraSite + "/dealers/embed",
		turns: []string{
			"Hi Vela, we're a Velora dealer in Utrecht. Where do I get the embed code for the dealer map on our shop website?",
			"Happy to help! Paste this snippet where the map should appear:<br>" +
				`<script src="` + veloraSite + `/embed/dealer-map.js" data-dealer="NL-UTR-014"></script>` +
				`<img src="` + veloraSite + `/embed/map-fallback.png" onerror="this.style.display='none'" alt="Velora dealer map"><br>` +
				"The map shows your shop's pin automatically.",
			"Our CMS strips script tags. Is there an iframe version?",
			"Yes — use <b>" + veloraSite + "/embed/dealer-map?dealer=NL-UTR-014</b> in an iframe 600 px high. " +
				`Details are in the <a href="` + veloraSite + `/dealers/embed">dealer embed guide</a>.`,
			"The iframe works, thanks!",
		},
	}
}
