package seed

// Article is one demo article; ages are in days before the first start.
type Article struct {
	Title       string
	Type        string // the API's article type: "" (an Article), "Paragraph" or "URL"
	Description string
	URL         string            // set for pages imported from the website
	LangURLs    map[string]string // language code → the localized page of the article
	Tags        []string
	Published   bool
	Versions    int // saved versions so far; 0 means 1
	CreatedAgo  int
	EditedAgo   int
	Content     string
}

// Articles is the knowledge base of the demo agent.
func Articles() []Article {
	return []Article{
		// Shipping
		{
			Title: "Delivery times and costs", Tags: []string{"shipping"}, Published: true, Versions: 4, CreatedAgo: 171, EditedAgo: 12,
			LangURLs:    map[string]string{"de": "https://www.velora-bikes.example/de/hilfe/lieferung", "fr": "https://www.velora-bikes.example/fr/aide/livraison", "pl": "https://www.velora-bikes.example/pl/pomoc/dostawa"},
			Description: "Where we deliver, how long it takes and what it costs.",
			Content: `# Delivery times and costs

Every Velora bike leaves our workshop in Leipzig **95% assembled**: you only fit the handlebar and pedals (tools included).

| Country | Delivery time | Cost |
|---|---|---|
| Germany | 3–5 working days | free |
| Austria, Netherlands, Belgium, Luxembourg | 4–6 working days | free |
| France, Poland, Czechia, Denmark | 5–7 working days | €49 |
| Spain, Italy, Portugal | 6–9 working days | €79 |
| Switzerland, Norway | 7–10 working days | €99 plus customs |

Accessories and spare parts ship separately with DHL and arrive in 1–3 working days; orders above €50 ship free.

## Delivery appointment
Bikes travel with our freight partner, who calls or texts you **one day before** delivery to agree on a two-hour slot. Please make sure someone can sign for the parcel: a bike box weighs about 32 kg.

## Click & collect
You can also pick up your bike, fully assembled and test-ridden, at one of our showrooms in Leipzig, Munich, Amsterdam or Vienna. Choose "Pick up in store" at checkout; it is free.`,
		},
		{
			Title: "Tracking your order", Tags: []string{"shipping", "account"}, Published: true, Versions: 2, CreatedAgo: 160, EditedAgo: 45,
			Content: `# Tracking your order

As soon as your order leaves our warehouse you receive an e-mail with a **tracking link**. You can also find it in your Velora account under **Orders → Track shipment**.

- **"Label created"**: the parcel is packed and waits for pick-up, usually within 24 hours.
- **"In transit"**: the freight partner has the bike.
- **"Out for delivery"**: expect it today; the driver will call 30 minutes ahead.

If your tracking has not changed for **3 working days**, please contact us with your order number (it starts with VB-, for example VB-2025-10432) and we will chase the carrier for you.`,
		},
		{
			Title: "Shipping to Switzerland and Norway", Tags: []string{"shipping", "billing"}, Published: true, CreatedAgo: 150, EditedAgo: 150,
			Content: `# Shipping to Switzerland and Norway

Switzerland and Norway are outside the EU customs union, so deliveries there are **duty-paid (DDP)**: the price at checkout already includes import VAT and customs clearance. There is nothing to pay on the doorstep.

- Switzerland: 8.1% import VAT, collected at checkout.
- Norway: 25% import VAT, collected at checkout.

Because the bike is exported from the EU, German VAT is removed from the price you see once you choose one of these countries.

Returns from Switzerland and Norway are possible within 30 days, but the customs paperwork takes longer: refunds arrive within **21 days** of the return reaching us.`,
		},
		{
			Title: "My bike arrived damaged", Tags: []string{"shipping", "returns"}, Published: true, Versions: 3, CreatedAgo: 140, EditedAgo: 33,
			Content: `# My bike arrived damaged

We are sorry! Transport damage is rare, but when it happens we fix it fast.

1. **Note the damage on the delivery receipt** before you sign ("box damaged" is enough), or refuse the delivery if the bike is clearly broken.
2. Take **photos** of the box, the label and the damaged parts.
3. Send the photos with your order number to support@velora-bikes.example within **7 days**.

We then either send the replacement part free of charge, book a service partner to repair the bike at home, or collect the bike and send a new one. You never pay for transport damage.`,
		},
		// Returns
		{
			Title: "30-day return policy", Tags: []string{"returns"}, Published: true, Versions: 5, CreatedAgo: 175, EditedAgo: 6,
			LangURLs:    map[string]string{"de": "https://www.velora-bikes.example/de/hilfe/rueckgabe", "fr": "https://www.velora-bikes.example/fr/aide/retours", "es": "https://www.velora-bikes.example/es/ayuda/devoluciones"},
			Description: "Returning a bike or accessory within 30 days.",
			Content: `# 30-day return policy

Not happy? You can return any bike or accessory within **30 days of delivery**, no reasons needed.

## Conditions
- The bike has been ridden **less than 50 km** (the display shows the total).
- It is clean and undamaged, with all parts, keys, charger and documents.
- Accessories are unused and in their original packaging.

## How to return
1. Open **Orders** in your Velora account and choose **Return item**.
2. We e-mail you a pick-up appointment and a return label within 2 working days.
3. Pack the bike as described in "How to pack an e-bike for a return".

Return pick-up of a bike is **free** in Germany, Austria and the Benelux countries and costs €49 elsewhere. Custom builds (special colours, engraved frames) cannot be returned unless they are faulty.`,
		},
		{
			Title: "How to pack an e-bike for a return", Tags: []string{"returns", "shipping"}, Published: true, CreatedAgo: 120, EditedAgo: 120,
			Content: `# How to pack an e-bike for a return

Use the original box if you still have it. If not, we send you a new one free of charge: just ask.

1. **Remove the battery** and pack it separately in its original bag; batteries must never travel inside the frame.
2. Turn the handlebar by 90° and fix it to the top tube with cable ties.
3. Remove the pedals (left pedal: left-hand thread, turn clockwise to loosen).
4. Protect the frame with the foam tubes from the original packaging.
5. Put the charger, keys and manuals in the small accessories box.
6. Close the box with strong tape and stick the return label on the **short side**.

The driver brings nothing but the truck: please have the box ready at the door.`,
		},
		{
			Title: "When will I get my refund?", Tags: []string{"returns", "billing"}, Published: true, Versions: 2, CreatedAgo: 118, EditedAgo: 60,
			Content: `# When will I get my refund?

We inspect every returned bike within **5 working days** of it arriving at our workshop and then refund the full amount to the original payment method.

| Payment method | Money back after the refund |
|---|---|
| Credit or debit card | 3–5 working days |
| PayPal | 1 working day |
| Bank transfer | 1–2 working days |
| Financing (0% APR) | the contract is cancelled; instalments paid are refunded within 10 days |

You receive an e-mail the moment we issue the refund. Deductions are only made if the bike was ridden more than 50 km or is damaged, and we always send photos first.`,
		},
		{
			Title: "Exchanging a bike for another size", Tags: []string{"returns"}, Versions: 2, CreatedAgo: 25, EditedAgo: 3,
			Description: "Draft: new exchange process from spring.",
			Content: `# Exchanging a bike for another size

*Draft: process under review with the logistics team.*

If your frame size does not fit, we exchange the bike free of charge within **30 days**, even if you have ridden it up to 100 km.

1. Contact support with your order number and your height and inside-leg length.
2. We reserve the new size for you right away.
3. The freight partner brings the new bike and takes the old one in the same visit.

Open question: exchanges into a more expensive model (difference to be paid before delivery?).`,
		},
		// Warranty
		{
			Title: "Frame and component warranty", Tags: []string{"warranty"}, Published: true, Versions: 3, CreatedAgo: 178, EditedAgo: 40,
			LangURLs: map[string]string{"de": "https://www.velora-bikes.example/de/hilfe/garantie", "es": "https://www.velora-bikes.example/es/ayuda/garantia"},
			Content: `# Frame and component warranty

Every Velora bike comes with the legal **2-year guarantee** plus our own manufacturer's warranty on top.

| Part | Warranty |
|---|---|
| Aluminium frame and rigid fork | 10 years |
| Motor (Velora Drive M2) | 3 years |
| Battery | 3 years or 800 full charge cycles (see "Battery warranty") |
| Display, controller, wiring | 2 years |
| Wear parts (tyres, brake pads, chain, belt, cassette) | not covered beyond the legal guarantee |

## What is not covered
- Damage from accidents, crashes or misuse (for example, jumps on city models).
- Rust caused by lack of care, or damage from high-pressure cleaning.
- Modifications such as tuning kits that raise the assist speed: they void the motor warranty.

To make a claim, open **Support → Warranty claim** in your account and attach a photo of the frame number (under the bottom bracket).`,
		},
		{
			Title: "Battery warranty and capacity guarantee", Tags: []string{"warranty", "batteries"}, Published: true, Versions: 2, CreatedAgo: 165, EditedAgo: 70,
			Content: `# Battery warranty and capacity guarantee

Batteries age, but slowly. We guarantee that your battery keeps at least **70% of its original capacity** for 3 years or 800 full charge cycles, whichever comes first.

If a battery falls below that, we replace it free of charge. To check:

1. Charge the battery fully.
2. Open the Velora app and choose **Bike → Battery health**.
3. If the health shown is below 70%, tap **Send report to support**.

A battery damaged by a fall, by water immersion or by a third-party charger is not covered. Never open the battery case: it contains no serviceable parts.`,
		},
		{
			Title: "Registering your bike for warranty", Tags: []string{"warranty", "account"}, Published: true, CreatedAgo: 130, EditedAgo: 130,
			Content: `# Registering your bike for warranty

Bikes bought online are registered automatically. If you bought your Velora from a partner shop, register it within **3 months** to get the full 10-year frame warranty:

1. Log in to your Velora account (or create one).
2. Go to **My bikes → Add a bike**.
3. Enter the **frame number** (under the bottom bracket, starting with VF) and upload the receipt.

Registration also links the bike to the Velora app, so you get firmware updates and can report the bike stolen.`,
		},
		{
			Title: "Bike stolen: what to do", Type: "Paragraph", Tags: []string{"warranty", "account"}, Published: true, CreatedAgo: 90, EditedAgo: 90,
			Content: `If your bike is stolen, report it to the police first and keep the report number. Then mark the bike as stolen in the Velora app (My bikes → Report stolen): the motor can no longer be paired with a new app account, and any service partner who scans the frame number is alerted. Send the police report and your purchase receipt to your insurer; we confirm the bike's value on request.`,
		},
		// Batteries
		{
			Title: "Charging your battery", Tags: []string{"batteries"}, Published: true, Versions: 2, CreatedAgo: 177, EditedAgo: 88,
			LangURLs: map[string]string{"de": "https://www.velora-bikes.example/de/hilfe/akku-laden", "fr": "https://www.velora-bikes.example/fr/aide/charger-la-batterie"},
			Content: `# Charging your battery

- Use only the **Velora 4 A charger** that came with your bike.
- Charge at room temperature (10–30 °C), on a hard, non-flammable surface, away from anything that could catch fire.
- You can charge the battery on the bike or removed from it.
- A full charge from empty takes about **4.5 hours** (625 Wh battery) or **3.5 hours** (500 Wh).

## Reading the LEDs
| LEDs | Meaning |
|---|---|
| Flashing green | charging |
| Solid green | full |
| Flashing red | error: unplug and see "Battery error codes" |

You do not need to empty the battery before charging: lithium-ion cells have no memory effect. For the longest life, keep it between 20% and 80% for everyday rides.`,
		},
		{
			Title: "Storing your battery over winter", Tags: []string{"batteries", "maintenance"}, Published: true, CreatedAgo: 100, EditedAgo: 41,
			Content: `# Storing your battery over winter

If you will not ride for more than a month:

1. Charge the battery to **about 60%** (three of five LEDs).
2. Remove it from the bike and store it indoors, dry, at **10–20 °C**.
3. Check it every two months and top it up to 60% if it dropped below two LEDs.

Never leave a battery completely empty for weeks: deep discharge can damage the cells permanently and is not covered by the warranty.`,
		},
		{
			Title: "Battery range: what to expect", Tags: []string{"batteries", "riding"}, Published: true, Versions: 3, CreatedAgo: 145, EditedAgo: 20,
			Content: `# Battery range: what to expect

Range depends on assist mode, terrain, tyre pressure, rider weight, wind and temperature. These are typical figures for a 75 kg rider on mixed terrain at 15 °C:

| Assist mode | 500 Wh battery | 625 Wh battery |
|---|---|---|
| Eco | 110 km | 140 km |
| Tour | 80 km | 100 km |
| Sport | 55 km | 70 km |
| Turbo | 35 km | 45 km |

## Getting more range
- Keep the tyres at the recommended pressure (see "Tyre pressure guide").
- Shift down before you stop and pedal at 60–80 rpm: the motor is most efficient there.
- In winter, keep the battery indoors until you ride; cold cells deliver up to 30% less.`,
		},
		{
			Title: "Travelling with your e-bike by train, car or plane", Tags: []string{"batteries", "riding"}, Published: true, CreatedAgo: 80, EditedAgo: 80,
			Content: `# Travelling with your e-bike by train, car or plane

**Train**: most European rail operators carry e-bikes like normal bikes; book a bike space where required (for example on ICE and TGV trains).

**Car**: use a rear rack rated for e-bikes (at least 25 kg per bike) and **remove the battery** during the drive; store it inside the car.

**Plane**: airlines do not accept e-bike batteries, because they exceed the 160 Wh limit for lithium batteries. Ship the bike without the battery and rent or borrow one at your destination; our partner shops in Spain, Italy and Austria rent Velora batteries by the week.`,
		},
		{
			Title: "Battery error codes on the display", Tags: []string{"batteries", "troubleshooting"}, Published: true, Versions: 2, CreatedAgo: 110, EditedAgo: 15,
			Content: `# Battery error codes on the display

| Code | Meaning | What to do |
|---|---|---|
| E10 | Battery too cold | Let it warm up indoors for an hour. |
| E11 | Battery too hot | Stop riding, let it cool down in the shade. |
| E12 | Cell imbalance | Charge fully and leave it on the charger for 2 more hours. |
| E14 | Communication error | Remove and reinsert the battery; clean the contacts with a dry cloth. |
| E19 | Internal fault | **Stop using the battery** and contact support. |

If a battery is swollen, smells, smokes or gets very hot, move it outdoors away from anything flammable and call the fire brigade if needed. Do not charge or ride with it.`,
		},
		{
			Title: "Can I buy a second battery?", Tags: []string{"batteries", "billing"}, Versions: 1, CreatedAgo: 9, EditedAgo: 9,
			Content: `# Can I buy a second battery?

*Draft for the spring accessories launch.*

Yes. The **Velora PowerPack 625** fits every Velora model from 2023 onward and costs €749. Older models (2021–2022) take the PowerPack 500 for €599.

A second battery doubles your range for long tours. Store the spare at 60% charge when you are not using it.`,
		},
		// Maintenance
		{
			Title: "Your first service after 500 km", Tags: []string{"maintenance"}, Published: true, Versions: 2, CreatedAgo: 170, EditedAgo: 55,
			Content: `# Your first service after 500 km

New cables stretch and spokes settle during the first few hundred kilometres. That is why your first service, after **500 km or 3 months**, is **free**.

The service covers:
- gear and brake adjustment,
- spoke tension and wheel truing,
- torque check of all bolts,
- firmware update of motor and display,
- a diagnostic read-out of the motor and battery.

Book it in the Velora app (**Service → Book first service**) or with any authorised service partner. After that we recommend a service every **2,000 km or once a year**.`,
		},
		{
			Title: "Cleaning your e-bike", Tags: []string{"maintenance"}, Published: true, CreatedAgo: 135, EditedAgo: 135,
			Content: `# Cleaning your e-bike

1. Remove the battery and cover the battery contacts.
2. Rinse with a **low-pressure** hose or a bucket and soft brush. Never use a pressure washer: it forces water into bearings and the motor.
3. Use a bike cleaner or mild soapy water; avoid degreaser on the brake discs.
4. Dry the bike with a cloth and lubricate the chain (belt drives need no oil).
5. Wipe the battery contacts dry before you put the battery back.

After rides on salted winter roads, rinse the bike the same day to prevent corrosion.`,
		},
		{
			Title: "Adjusting hydraulic disc brakes", Tags: []string{"maintenance", "safety"}, Published: true, Versions: 2, CreatedAgo: 126, EditedAgo: 50,
			Content: `# Adjusting hydraulic disc brakes

Hydraulic brakes adjust themselves as the pads wear, so there is little to do at home:

- **Lever reach**: turn the small screw on the lever with a 2 mm hex key until the lever sits comfortably under your fingers.
- **Squealing**: often caused by oil or cleaner on the discs. Clean discs with isopropyl alcohol; replace contaminated pads.
- **Spongy lever**: air in the system. This needs a bleed with mineral oil at a service partner.

Replace the pads when they are thinner than **1.5 mm** (including the backing plate, 2.5 mm).

If your brakes feel weak or the lever reaches the handlebar, **stop riding** and have the bike checked.`,
		},
		{
			Title: "Tyre pressure guide", Tags: []string{"maintenance", "riding"}, Published: true, CreatedAgo: 105, EditedAgo: 105,
			Content: `# Tyre pressure guide

Correct pressure gives you grip, comfort, range and fewer punctures. Check it every two weeks.

| Tyre width | Rider up to 70 kg | 70–90 kg | over 90 kg |
|---|---|---|---|
| 40 mm (City) | 3.5 bar | 4.0 bar | 4.5 bar |
| 50 mm (Tour) | 2.5 bar | 3.0 bar | 3.5 bar |
| 60 mm (Trail X) | 1.6 bar | 1.8 bar | 2.0 bar |

Never exceed the maximum printed on the tyre sidewall. Velora valves are **Presta** (French) valves; every standard floor pump fits them.`,
		},
		{
			Title: "Chain or belt: caring for your drivetrain", Tags: []string{"maintenance"}, Published: true, Versions: 2, CreatedAgo: 95, EditedAgo: 30,
			Content: `# Chain or belt: caring for your drivetrain

## Chain (City and Trail models)
- Clean and oil the chain every **300 km**, or after every ride in the rain.
- Wipe off excess oil: it only attracts dirt.
- Replace the chain when it has stretched to 0.5% (a chain checker costs €10); e-bike chains typically last 2,000–3,000 km.

## Belt (Urban Belt models)
- No oil, ever. Rinse with water if it squeaks.
- A belt lasts about **15,000 km**.
- Tension is set at the factory; a service partner checks it at each service.`,
		},
		{
			Title: "Finding an authorised service partner", Tags: []string{"maintenance"}, Published: true, CreatedAgo: 155, EditedAgo: 75,
			URL: "https://www.velora-bikes.example/service-partners",
			Content: `# Finding an authorised service partner

More than **400 bike shops** in 12 countries service Velora bikes with genuine parts and our diagnostic software.

Find the nearest one on the map at velora-bikes.example/service-partners or in the Velora app under **Service → Partner map**. Filter by "Belt drive certified" if you ride an Urban Belt model.

Work done by an authorised partner keeps your warranty intact. You may also use any other bike shop for wear parts such as tyres, brake pads and chains.`,
		},
		{
			Title: "Mobile service in Berlin and Munich", Tags: []string{"maintenance"}, Versions: 3, CreatedAgo: 14, EditedAgo: 2,
			Description: "Pilot: technician visits at home.",
			Content: `# Mobile service in Berlin and Munich

*Pilot starting next month; prices not final.*

Our technicians come to your home or office with a fully equipped van.

- Inspection: €89
- Inspection + brake pads: €119
- Puncture repair: €39

Book in the app under **Service → Mobile service**; slots are available Monday to Saturday, 8:00–18:00.`,
		},
		// Billing
		{
			Title: "Payment methods", Tags: []string{"billing"}, Published: true, Versions: 2, CreatedAgo: 176, EditedAgo: 65,
			LangURLs: map[string]string{"de": "https://www.velora-bikes.example/de/hilfe/zahlungsarten", "es": "https://www.velora-bikes.example/es/ayuda/metodos-de-pago", "fr": "https://www.velora-bikes.example/fr/aide/moyens-de-paiement"},
			Content: `# Payment methods

We accept:

- **Credit and debit cards**: Visa, Mastercard, American Express
- **PayPal**, including "Pay in 30 days"
- **Bank transfer** (prepayment): your bike ships once the money arrives, usually after 1–2 working days
- **Klarna** in Germany, Austria and the Netherlands
- **0% APR financing** over 12, 24 or 36 months (see "Financing")

Card payments are authorised at checkout but only charged when your bike ships.`,
		},
		{
			Title: "Financing with 0% APR", Tags: []string{"billing"}, Published: true, CreatedAgo: 115, EditedAgo: 115,
			Content: `# Financing with 0% APR

Spread the price of your bike over **12, 24 or 36 months at 0% APR** for orders from €1,000. Our financing partner decides within minutes at checkout.

Example: Velora Urban Belt at €3,290 over 24 months = **24 × €137.08**, total €3,290.

You need to be 18 or older, live in Germany, Austria or the Netherlands and have a bank account there. You can pay off the rest early at any time, free of charge.`,
		},
		{
			Title: "VAT invoices for businesses", Tags: []string{"billing", "account"}, Published: true, CreatedAgo: 98, EditedAgo: 98,
			Content: `# VAT invoices for businesses

Your invoice is e-mailed as a PDF when your order ships and is always available under **Orders → Invoice** in your account.

Buying for a company? Enter the company name and **VAT ID** at checkout. For businesses in another EU country with a valid VAT ID, we invoice without German VAT (reverse charge).

Need a change to an invoice already issued (for example a new address)? Write to billing@velora-bikes.example with the order number; we send a corrected invoice within 2 working days.`,
		},
		{
			Title: "Bike leasing through your employer", Tags: []string{"billing"}, Published: true, Versions: 2, CreatedAgo: 85, EditedAgo: 22,
			Content: `# Bike leasing through your employer

In Germany and Austria, many employers offer bike leasing as a salary benefit. Velora works with **JobRad, Bikeleasing and Lease a Bike**.

1. Choose your bike in a showroom or online and ask for a leasing quote (choose "Leasing offer" in the basket).
2. Send the quote to your employer's leasing portal.
3. Once the leasing company has approved it, we ship the bike; you pay nothing to us directly.

Leased bikes cannot be returned under the 30-day policy; please test-ride first.`,
		},
		// Account
		{
			Title: "Creating and managing your account", Tags: []string{"account"}, Published: true, CreatedAgo: 172, EditedAgo: 172,
			Content: `# Creating and managing your account

A Velora account lets you track orders, download invoices, register bikes and book services.

- **Create**: choose "Create account" at checkout or on velora-bikes.example/account.
- **Change e-mail or address**: Account → Personal details.
- **Newsletter**: Account → Communication preferences; unsubscribe at any time.

You can order without an account, but you will need one to use the Velora app.`,
		},
		{
			Title: "Resetting your password", Tags: []string{"account"}, Published: true, Versions: 2, CreatedAgo: 168, EditedAgo: 100,
			Content: `# Resetting your password

1. Open velora-bikes.example/login and choose **Forgot password?**
2. Enter the e-mail address of your account.
3. Click the link in the e-mail within **60 minutes** and choose a new password (at least 10 characters).

No e-mail? Check your spam folder, and make sure you use the address you ordered with. For security reasons our support team cannot set or see passwords.`,
		},
		{
			Title: "Connecting the Velora app", Tags: []string{"account", "riding"}, Published: true, Versions: 3, CreatedAgo: 142, EditedAgo: 8,
			Content: `# Connecting the Velora app

The Velora app (iOS 16+, Android 11+) shows your rides, battery health and service reminders, and updates the bike's firmware.

1. Install the app and log in with your Velora account.
2. Switch the bike on and hold the **"+" and "i" buttons** for 3 seconds until the display shows a blue Bluetooth symbol.
3. In the app tap **Add bike** and select your bike from the list.

Pairing fails? Make sure Bluetooth and location permission are enabled, and that the bike is not already paired with another phone (only one phone at a time).`,
		},
		{
			Title: "Deleting your account and personal data", Tags: []string{"account"}, Published: true, CreatedAgo: 128, EditedAgo: 128,
			Content: `# Deleting your account and personal data

Under the GDPR you can ask us to delete your personal data at any time.

- Go to **Account → Privacy → Delete my account**, or e-mail privacy@velora-bikes.example.
- We delete your account within **30 days**.
- Invoices must be kept for 10 years under German tax law; they are archived and no longer used for anything else.

Deleting your account also unlinks your bikes from the app. Warranty remains valid: keep your invoice.`,
		},
		// Riding
		{
			Title: "Assist modes explained", Tags: []string{"riding"}, Published: true, Versions: 2, CreatedAgo: 174, EditedAgo: 90,
			Content: `# Assist modes explained

Switch modes with the **+ / −** buttons on the left grip.

| Mode | Support | Best for |
|---|---|---|
| Off | 0% | riding without power (the bike rolls freely) |
| Eco | 60% | flat roads, maximum range |
| Tour | 140% | everyday commuting |
| Sport | 220% | hills, headwind |
| Turbo | 340% | steep climbs, starting with a heavy load |
| Walk | up to 6 km/h | pushing the bike uphill: hold "Walk" and press "+" |

Support stops at **25 km/h**, as the law requires for pedelecs.`,
		},
		{
			Title: "Speed limits and the law: pedelecs and S-pedelecs", Tags: []string{"riding", "safety"}, Published: true, CreatedAgo: 122, EditedAgo: 122,
			Content: `# Speed limits and the law: pedelecs and S-pedelecs

**Pedelecs** (all Velora models except the Velora Speed) assist up to **25 km/h** with a 250 W motor. In the EU they count as bicycles: no licence, insurance or helmet is required by law, and you may use cycle paths.

The **Velora Speed** is an **S-pedelec** (assist up to 45 km/h). It needs:
- a moped licence (AM) or a car licence,
- an insurance plate, renewed every March,
- a helmet,
- and it must not use cycle paths in most countries.

Tuning a pedelec to assist faster makes it an unregistered motor vehicle: it voids the warranty and your insurance.`,
		},
		{
			Title: "Riding in the rain", Tags: []string{"riding", "maintenance"}, Published: true, CreatedAgo: 60, EditedAgo: 60,
			Content: `# Riding in the rain

All Velora bikes are rated **IPX5**: rain and splashes are no problem. Avoid riding through water deeper than the bottom bracket.

- Brake earlier: wet discs need a turn of the wheel to dry.
- Lower the tyre pressure by 0.3 bar for more grip.
- After the ride, wipe the bike dry and oil the chain.`,
		},
		{
			Title: "Choosing the right frame size", Tags: []string{"riding", "models"}, Published: true, Versions: 4, CreatedAgo: 166, EditedAgo: 18,
			Content: `# Choosing the right frame size

| Your height | Frame size | City / Tour | Trail X |
|---|---|---|---|
| 150–162 cm | S | 46 cm | 38 cm |
| 162–175 cm | M | 50 cm | 42 cm |
| 175–188 cm | L | 55 cm | 46 cm |
| 188–200 cm | XL | 60 cm | 50 cm |

Between two sizes? Choose the smaller one for a more upright, comfortable position, the larger one for a sportier ride. Our showrooms offer free test rides of every size.`,
		},
		// Short answers
		{
			Title: "Customer service opening hours", Type: "Paragraph", Tags: []string{"contact"}, Published: true, Versions: 2, CreatedAgo: 160, EditedAgo: 28,
			Content: `Our customer service team answers by phone (+49 341 555 0190), e-mail (support@velora-bikes.example) and chat from Monday to Friday, 8:00–19:00, and on Saturday, 9:00–14:00 (Central European Time). Outside these hours the chat assistant answers and hands over to a person the next working day.`,
		},
		{
			Title: "Showroom addresses", Type: "Paragraph", Tags: []string{"contact"}, Published: true, CreatedAgo: 150, EditedAgo: 48,
			Content: `Velora showrooms: Leipzig, Karl-Heine-Straße 12; Munich, Landsberger Straße 88; Amsterdam, Overtoom 301; Vienna, Mariahilfer Straße 117. All showrooms are open Tuesday to Saturday, 10:00–18:00, with test rides without an appointment.`,
		},
		{
			Title: "Gift cards", Type: "Paragraph", Tags: []string{"billing"}, CreatedAgo: 5, EditedAgo: 5,
			Content: `Velora gift cards from €25 to €500 can be bought online and in showrooms, are valid for 3 years and can be used for bikes, accessories and services.`,
		},
		// German
		{
			Title: "Versand und Lieferzeiten", Tags: []string{"shipping", "de"}, Published: true, Versions: 2, CreatedAgo: 158, EditedAgo: 35,
			Content: `# Versand und Lieferzeiten

Jedes Velora-Bike verlässt unsere Werkstatt in Leipzig **zu 95 % montiert**: Sie montieren nur noch Lenker und Pedale (Werkzeug liegt bei).

| Land | Lieferzeit | Kosten |
|---|---|---|
| Deutschland | 3–5 Werktage | kostenlos |
| Österreich | 4–6 Werktage | kostenlos |
| Schweiz | 7–10 Werktage | 99 € inkl. Verzollung |

Unser Speditionspartner meldet sich **einen Tag vor der Zustellung** telefonisch oder per SMS, um ein Zeitfenster von zwei Stunden zu vereinbaren. Bitte sorgen Sie dafür, dass jemand die Lieferung annehmen kann: Der Karton wiegt etwa 32 kg.

Zubehör und Ersatzteile versenden wir separat mit DHL; ab 50 € Bestellwert ist der Versand kostenlos.`,
		},
		{
			Title: "Akku richtig laden und lagern", Tags: []string{"batteries", "de"}, Published: true, CreatedAgo: 140, EditedAgo: 140,
			Content: `# Akku richtig laden und lagern

## Laden
- Verwenden Sie nur das mitgelieferte **Velora-Ladegerät (4 A)**.
- Laden Sie bei Zimmertemperatur (10–30 °C) auf einer festen, nicht brennbaren Unterlage.
- Eine volle Ladung dauert etwa **4,5 Stunden** (625-Wh-Akku).

## Lagern im Winter
1. Akku auf **etwa 60 %** laden (drei von fünf LEDs).
2. Trocken und frostfrei bei 10–20 °C lagern, nicht im kalten Keller oder in der Garage.
3. Alle zwei Monate den Ladestand prüfen und bei Bedarf nachladen.

Ein tiefentladener Akku kann dauerhaft beschädigt werden; das ist nicht von der Garantie gedeckt.`,
		},
		{
			Title: "Rückgabe innerhalb von 30 Tagen", Tags: []string{"returns", "de"}, Versions: 2, CreatedAgo: 20, EditedAgo: 4,
			Description: "Entwurf: Übersetzung der Rückgaberichtlinie.",
			Content: `# Rückgabe innerhalb von 30 Tagen

Sie können jedes Rad und jedes Zubehörteil innerhalb von **30 Tagen nach Lieferung** ohne Angabe von Gründen zurückgeben.

**Voraussetzungen:**
- Das Rad ist **weniger als 50 km** gefahren.
- Es ist sauber und unbeschädigt, mit Schlüsseln, Ladegerät und Unterlagen.

Melden Sie die Rückgabe in Ihrem Kundenkonto unter **Bestellungen → Artikel zurückgeben** an. Die Abholung ist in Deutschland und Österreich kostenlos.`,
		},
		// French
		{
			Title: "Politique de retour", Tags: []string{"returns", "fr"}, Published: true, Versions: 2, CreatedAgo: 133, EditedAgo: 26,
			Content: `# Politique de retour

Vous pouvez retourner tout vélo ou accessoire **dans les 30 jours suivant la livraison**, sans avoir à vous justifier.

## Conditions
- Le vélo a parcouru **moins de 50 km** (le total s'affiche sur l'écran).
- Il est propre et en bon état, avec les clés, le chargeur et les documents.

## Comment faire
1. Ouvrez **Commandes** dans votre compte Velora et choisissez **Retourner un article**.
2. Nous vous envoyons un rendez-vous d'enlèvement sous 2 jours ouvrés.
3. Emballez le vélo dans son carton d'origine, **batterie retirée**.

L'enlèvement d'un vélo coûte 49 € en France. Le remboursement intervient dans les 5 jours ouvrés suivant la réception.`,
		},
		{
			Title: "Entretien de votre vélo électrique", Tags: []string{"maintenance", "fr"}, Published: true, CreatedAgo: 112, EditedAgo: 112,
			Content: `# Entretien de votre vélo électrique

- **Premier entretien gratuit** après 500 km ou 3 mois.
- Ensuite, un entretien tous les **2 000 km ou une fois par an**.
- Nettoyez le vélo à l'eau douce, **jamais au nettoyeur haute pression**.
- Lubrifiez la chaîne tous les 300 km ; les courroies ne se graissent pas.
- Vérifiez la pression des pneus toutes les deux semaines.

Trouvez un atelier agréé près de chez vous dans l'application Velora, rubrique **Service → Carte des partenaires**.`,
		},
		// Spanish
		{
			Title: "Garantía del cuadro y de la batería", Tags: []string{"warranty", "es"}, Published: true, Versions: 2, CreatedAgo: 108, EditedAgo: 38,
			Content: `# Garantía del cuadro y de la batería

Además de la garantía legal de 2 años, Velora ofrece su propia garantía de fabricante:

| Componente | Garantía |
|---|---|
| Cuadro de aluminio | 10 años |
| Motor | 3 años |
| Batería | 3 años u 800 ciclos de carga |

Garantizamos que la batería conserva al menos el **70 % de su capacidad** durante ese periodo. Si no es así, la sustituimos sin coste.

Para presentar una reclamación, entra en **Soporte → Reclamación de garantía** en tu cuenta y adjunta una foto del número de cuadro.`,
		},
		{
			Title: "Métodos de pago", Tags: []string{"billing", "es"}, Published: true, CreatedAgo: 101, EditedAgo: 101,
			Content: `# Métodos de pago

Aceptamos:

- **Tarjetas de crédito y débito**: Visa, Mastercard y American Express.
- **PayPal**.
- **Transferencia bancaria**: enviamos la bicicleta en cuanto recibimos el pago (normalmente en 1–2 días laborables).

El importe de la tarjeta se autoriza al hacer el pedido, pero solo se cobra cuando la bicicleta sale de nuestro almacén. La financiación al 0 % TAE todavía no está disponible en España.`,
		},
		{
			Title: "Envíos a Canarias, Baleares, Ceuta y Melilla", Tags: []string{"shipping", "es"}, CreatedAgo: 11, EditedAgo: 11,
			Content: `# Envíos a Canarias, Baleares, Ceuta y Melilla

*Borrador: pendiente de confirmar tarifas con el transportista.*

- **Baleares**: 8–12 días laborables, 129 €.
- **Canarias, Ceuta y Melilla**: por ahora no enviamos bicicletas, solo accesorios, porque las baterías requieren transporte especial de mercancías peligrosas.`,
		},
		// Polish
		{
			Title: "Dostawa i odbiór osobisty", Tags: []string{"shipping", "pl"}, Published: true, Versions: 2, CreatedAgo: 96, EditedAgo: 31,
			Content: `# Dostawa i odbiór osobisty

Rowery Velora wysyłamy do Polski z naszego warsztatu w Lipsku.

| Usługa | Czas dostawy | Koszt |
|---|---|---|
| Dostawa roweru | 5–7 dni roboczych | 199 zł |
| Akcesoria i części | 2–4 dni robocze | bezpłatnie od 200 zł |

Kurier zadzwoni **dzień przed dostawą**, aby ustalić dwugodzinne okno czasowe. Rower jest zmontowany w 95%: wystarczy zamontować kierownicę i pedały (narzędzia w zestawie).

Odbiór osobisty jest możliwy w naszym salonie w Lipsku, około 80 km od granicy.`,
		},
		{
			Title: "Reklamacje i gwarancja", Tags: []string{"warranty", "returns", "pl"}, Published: true, CreatedAgo: 92, EditedAgo: 92,
			Content: `# Reklamacje i gwarancja

Każdy rower Velora jest objęty **2-letnią rękojmią** oraz gwarancją producenta:

- rama aluminiowa: **10 lat**,
- silnik: 3 lata,
- akumulator: 3 lata lub 800 pełnych cykli ładowania.

Aby złożyć reklamację, zaloguj się na swoje konto Velora, wybierz **Pomoc → Zgłoszenie gwarancyjne** i dołącz zdjęcie numeru ramy (pod suportem). Odpowiadamy w ciągu 2 dni roboczych, również po polsku.`,
		},
		// Imported from the website
		{
			Title: "Velora model overview", Type: "URL", Tags: []string{"models"}, Published: true, CreatedAgo: 62, EditedAgo: 7,
			URL: "https://www.velora-bikes.example/models",
			Content: `# Velora model overview

| Model | Use | Motor | Battery | Weight | Price |
|---|---|---|---|---|---|
| Velora City 2 | commuting | Drive M2, 65 Nm | 500 Wh | 23.5 kg | €2,690 |
| Velora Urban Belt | commuting, low maintenance | Drive M2, 65 Nm | 625 Wh | 24.1 kg | €3,290 |
| Velora Tour 625 | touring, luggage | Drive M2+, 85 Nm | 625 Wh | 25.9 kg | €3,590 |
| Velora Trail X | gravel and forest trails | Drive M2+, 85 Nm | 625 Wh | 24.8 kg | €3,990 |
| Velora Cargo Duo | children, shopping | Drive M2+, 85 Nm | 2 × 500 Wh | 38.0 kg | €5,490 |
| Velora Speed | fast commuting (S-pedelec) | Drive S, 85 Nm | 625 Wh | 26.2 kg | €4,890 |

All models come in sizes S to XL (Cargo Duo: one size) and include lights, mudguards and a frame lock.`,
		},
		{
			Title: "Velora Trail X: specifications", Type: "URL", Tags: []string{"models"}, Published: true, CreatedAgo: 62, EditedAgo: 7,
			URL: "https://www.velora-bikes.example/models/trail-x",
			Content: `# Velora Trail X

The Trail X takes you from tarmac to forest trails with a **120 mm suspension fork** and 2.4-inch tyres.

- **Motor**: Velora Drive M2+, 85 Nm, 250 W
- **Battery**: 625 Wh, removable, lockable
- **Gears**: Shimano Deore, 12 speeds
- **Brakes**: 4-piston hydraulic discs, 203/180 mm rotors
- **Weight**: 24.8 kg (size M)
- **Maximum system weight**: 140 kg (rider + bike + luggage)

Available in Moss Green and Graphite.`,
		},
		{
			Title: "Safety notice: charger recall (batch 2503)", Type: "URL", Tags: []string{"batteries", "safety"}, Published: true, Versions: 2, CreatedAgo: 45, EditedAgo: 1,
			URL: "https://www.velora-bikes.example/safety/charger-recall",
			Content: `# Safety notice: charger recall (batch 2503)

As a precaution we are recalling **4 A chargers from production batch 2503** (label on the underside: "LOT 2503"). In rare cases the plug can overheat.

1. Check the label on your charger.
2. If it shows LOT 2503, **stop using it** and register at velora-bikes.example/safety/charger-recall.
3. We send you a new charger and a prepaid return envelope within 5 working days.

Chargers from all other batches are not affected. Batteries and bikes are not affected.`,
		},
	}
}
