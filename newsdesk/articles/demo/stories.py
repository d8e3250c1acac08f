"""The demo newsroom's content: desks, staff, agencies, accounts and stories.

Everything here is invented: the towns, the people and the events. Body text is
plain; the loader escapes it and wraps it in the StreamField's blocks.
"""

from dataclasses import dataclass

from newsdesk.accounts import roles

CREDIT = "Newsdesk illustration"
PASSWORD = "newsdesk-demo"  # noqa: S105 - published in the README for the local demo only


@dataclass(frozen=True)
class Photo:
    scene: str  # the drawing in photos.SCENES
    title: str
    alt_text: str
    caption: str
    credit: str = CREDIT


@dataclass(frozen=True)
class Subhead:
    text: str


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class Figure:
    photo: Photo
    caption: str = ""


@dataclass(frozen=True)
class Clip:
    """The demo video (see video.py), with the caption shown under the player."""

    caption: str


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


Block = str | Subhead | Quote | Figure | Clip | Bullets


@dataclass(frozen=True)
class Story:
    key: str  # stable name, used as the slug
    section: str  # section slug
    title: str
    standfirst: str
    dateline: str
    authors: tuple[str, ...]  # author profile slugs
    lead: Photo
    body: tuple[Block, ...]
    agencies: tuple[str, ...] = ()  # agency codes, in attribution order
    hours_ago: float = 0.0
    # A later revision adds this paragraph, `updated_after` hours after first publication.
    update: str = ""
    updated_after: float = 0.0
    # Above zero: scheduled with Wagtail to go live this many minutes after loading.
    embargo_minutes: int = 0


@dataclass(frozen=True)
class Section:
    title: str
    slug: str
    intro: str


@dataclass(frozen=True)
class Author:
    name: str
    slug: str
    job_title: str
    bio: str


@dataclass(frozen=True)
class Account:
    username: str
    role: str
    first_name: str
    last_name: str
    email: str
    author: str = ""  # the author profile this account writes as


@dataclass(frozen=True)
class AgencyData:
    name: str
    short_name: str
    code: str
    website: str


@dataclass(frozen=True)
class Alert:
    text: str
    story: str  # story key


@dataclass(frozen=True)
class Update:
    """One update of a live story, posted `minutes` after the story was published."""

    minutes: float
    body: tuple[Block, ...]
    pinned: bool = False
    # When set, the update was later corrected to `corrected` with this note.
    corrected: tuple[Block, ...] = ()
    correction_note: str = ""


@dataclass(frozen=True)
class LiveStoryData:
    story: str  # story key
    updates: tuple[Update, ...]


SECTIONS = [
    Section("World", "world", "Reporting from our correspondents and the agencies, wherever news is made."),
    Section("Science", "science", "Research, discovery and the people doing it."),
    Section("Business", "business", "Companies, work, money and the economy."),
    Section("Culture", "culture", "Books, film, music and the arts."),
]

AUTHORS = [
    Author(
        "Ines Carvalho",
        "ines-carvalho",
        "World correspondent",
        "Ines Carvalho covers the coast and the border regions. She joined Newsdesk from a regional daily.",
    ),
    Author(
        "Ruth Abernethy",
        "ruth-abernethy",
        "Deputy editor",
        "Ruth Abernethy runs the news desk and writes about city politics.",
    ),
    Author(
        "Samir Haddad",
        "samir-haddad",
        "Science correspondent",
        "Samir Haddad writes about research in farming, ecology and astronomy. He trained as a soil scientist.",
    ),
    Author(
        "Mei Laurent",
        "mei-laurent",
        "Business and culture writer",
        "Mei Laurent reports on industry, work and the economy, and reviews books when the news allows.",
    ),
]

ACCOUNTS = [
    Account("admin", roles.ADMINISTRATORS, "Demo", "Administrator", "admin@newsdesk.invalid"),
    Account("editor", roles.EDITORS, "Ruth", "Abernethy", "editor@newsdesk.invalid", author="ruth-abernethy"),
    Account("reporter", roles.REPORTERS, "Ines", "Carvalho", "reporter@newsdesk.invalid", author="ines-carvalho"),
]

AGENCIES = [
    AgencyData("Agence France-Presse", "AFP", "afp", "https://www.afp.com/"),
    AgencyData("Deutsche Presse-Agentur", "DPA", "dpa", "https://www.dpa.com/"),
    AgencyData("Associated Press", "AP", "ap", "https://apnews.com/"),
    AgencyData("Reuters", "Reuters", "reuters", "https://www.reuters.com/"),
]


STORIES = [
    Story(
        key="port-aske-sea-wall-gives-way",
        section="world",
        title="Sea wall gives way at Port Aske as storm drives record tide into the old town",
        standfirst=(
            "Hundreds of residents spent the night in schools and a sports hall after water poured over the "
            "harbour defences, reaching a level not seen since records began."
        ),
        dateline="Port Aske",
        authors=("ines-carvalho",),
        agencies=("dpa", "afp"),
        hours_ago=1.5,
        lead=Photo(
            "harbour_storm",
            "Port Aske harbour in the storm",
            "A lighthouse shines over a dark, storm-tossed harbour at night; spray bursts through a gap in the "
            "sea wall in the foreground while lit houses line the shore.",
            "Waves break over the harbour wall at Port Aske during the night.",
        ),
        body=(
            "Water broke through a 40-metre stretch of the sea wall at Port Aske shortly after 1 am, flooding the "
            "streets of the old town to knee height within an hour and forcing the evacuation of around 600 people "
            "from the homes nearest the harbour.",
            "The harbour authority's tide gauge recorded a peak of 2.9 metres above the normal high-water mark at "
            "3 am, the highest reading since the gauge was installed in 1962. Emergency crews worked through the "
            "night with pumps and sandbags, and by morning the water had begun to fall back, leaving a line of silt "
            "and seaweed along the shop fronts of Quay Street.",
            "No deaths or serious injuries were reported. Two fishermen who had gone to check their moorings were "
            "brought ashore by the coastguard after their dinghy capsized inside the harbour mouth.",
            Clip(
                "The tide gauge at Port Aske overnight: the water passed the lowest point of the sea wall just "
                "before 1 am."
            ),
            Subhead("A wall built for a different sea"),
            "The sea wall, a granite structure finished in 1911 and raised by half a metre in the 1970s, has been "
            "the subject of repeated warnings. An engineering survey commissioned by the town council three years "
            "ago found that its lowest section, beside the old fish market, sat almost a metre below the height "
            "recommended for the coming decades.",
            Quote(
                "We knew exactly where it would go, and that is where it went. The report has been on the table for "
                "three years. What we did not have was the money, and now we will have to find far more of it.",
                "Halla Brekke, chair of the Port Aske harbour committee",
            ),
            "The regional government said it would release emergency funds for repairs but did not give a figure. "
            "Its infrastructure minister, who visited the harbour in the morning, told reporters that a temporary "
            "barrier of steel sheet piling could be in place within a fortnight.",
            Figure(
                Photo(
                    "flooded_street",
                    "Quay Street under water",
                    "A row of colourful shop fronts with striped awnings stands in brown floodwater; sandbags are "
                    "piled against the doors.",
                    "Sandbags outside shops on Quay Street, where the water reached knee height.",
                ),
            ),
            Subhead("Schools closed, ferries suspended"),
            "All four schools in the town stayed closed, two of them because they were being used as shelters. The "
            "ferry service to the outer islands was suspended until at least the weekend, and the coast road north "
            "of the town was shut after part of its embankment slipped.",
            "Forecasters expect the wind to ease through the day but have warned that the next high tide, due "
            "shortly before 4 pm, could again push water over the damaged section. Residents of the lower town have "
            "been told not to return home until the harbour authority gives the all-clear.",
            Quote(
                "My grandmother talked about the flood of 1938 as if nothing could ever be worse. I think last night "
                "was worse.",
                "Jonas Veld, who runs a bakery on Quay Street",
            ),
            "The town council said a helpline for people whose homes had been flooded would open at 9 am, and that "
            "volunteers were collecting dry clothes and bedding at the Seamen's Mission.",
        ),
    ),
    Story(
        key="velda-bridge-reopens",
        section="world",
        title="Bridge over the Velda reopens after eleven years of closure",
        standfirst=(
            "Families divided by a border dispute crossed on foot in both directions as customs officers from the "
            "two countries shared a checkpoint for the first time."
        ),
        dateline="Dunmar",
        authors=("ines-carvalho",),
        agencies=("ap", "reuters"),
        hours_ago=20,
        lead=Photo(
            "valley_bridge",
            "The Velda bridge at dawn",
            "A five-arched stone bridge crosses a winding river at the foot of mountains at sunrise. People walk "
            "across it and a red-and-white barrier stands raised beside a small checkpoint hut.",
            "The first walkers cross the Velda bridge after the barrier was lifted at sunrise.",
        ),
        body=(
            "Shortly after sunrise a police officer lifted the barrier at the eastern end of the Velda bridge, and a "
            "crowd of several hundred people who had gathered on both banks walked towards each other across the "
            "river. Some carried flowers. Many carried nothing at all and simply embraced when they met in the "
            "middle.",
            "The bridge, a stone structure of five arches linking the town of Dunmar with the village of Ostrel on "
            "the far bank, had been closed to all traffic since a dispute over the line of the border in the valley "
            "led both governments to withdraw their customs posts. For more than a decade a journey that once took "
            "ten minutes on foot has meant a three-hour drive to the nearest open crossing.",
            Subhead("One checkpoint instead of two"),
            "Under an agreement signed in the spring, officers from both countries will work from a single building "
            "on the western bank and check documents once rather than twice. Residents of the valley who hold a "
            "local permit will use a separate lane and will not have to queue.",
            Quote(
                "For eleven years I have looked at my sister's house from my kitchen window. This morning I had "
                "coffee in her kitchen instead. It is that simple, and it is enormous.",
                "Mirela Donat, a retired teacher from Dunmar",
            ),
            "The reopening is the most visible result of two years of talks that also settled the rights of "
            "farmers whose fields lie on the far side of the river. A joint commission will mark the border with "
            "stones along the riverbank next year.",
            "Traders in Dunmar hope the bridge will bring back the market-day customers they lost. Before the "
            "closure the town's Saturday market drew buyers from villages on both banks; in recent years, "
            "stallholders say, it shrank to a handful of tables.",
            Quote(
                "We are not expecting miracles by next week. But people have to know that they can come, and that "
                "they will be able to get home again.",
                "Piet Arvan, chair of the Dunmar traders' association",
            ),
            Subhead("Lorries must wait"),
            "Heavy goods vehicles will not be allowed over the bridge until engineers finish a survey of the arches, "
            "which were damaged by floodwater during the years of closure, when nobody was responsible for their "
            "upkeep. Officials said lorries could be admitted by the end of the year if the repairs turn out to be "
            "limited.",
            "For now the crossing is open from 6 am to 10 pm. A bus route between Dunmar and Ostrel, suspended since "
            "the closure, will resume next month, and the two councils have agreed to share the cost of lighting "
            "the bridge at night.",
        ),
    ),
    Story(
        key="halvard-mayor-night-trams",
        section="world",
        title="Halvard's new mayor promises night trams and a rent register in first speech",
        standfirst=(
            "Lotte Sandvik, a former tram driver who won the city's mayoral election by fewer than 900 votes, said "
            "her first year should be judged on transport and housing."
        ),
        dateline="Halvard",
        authors=("ruth-abernethy",),
        hours_ago=30,
        update=(
            "Update: After the speech the leader of the Liberal group, Erik Dahl, said his party would support a "
            "six-month trial of night trams on one line, but would vote against the rent register in its current "
            "form."
        ),
        updated_after=2.5,
        lead=Photo(
            "skyline_dusk",
            "Halvard at dusk",
            "A city skyline at dusk under a purple and orange sky, with lit windows in the towers and a red tram "
            "crossing a bridge over the river.",
            "A tram crosses the river in central Halvard. The new mayor wants three lines to run through the night "
            "at weekends.",
        ),
        body=(
            "Halvard's new mayor used her first speech in the council chamber to promise trams running through the "
            "night at weekends from the autumn, and a public register of rents that every landlord in the city "
            "would have to fill in.",
            "Lotte Sandvik, 51, drove trams on the city's number 4 line for 19 years before she was elected to the "
            "council as an independent. She won the mayoralty in a run-off by 874 votes, the narrowest margin in "
            "the city's history, after a campaign run largely from a rented shopfront near the central depot.",
            Quote(
                "I have driven the last tram home more times than anyone in this room. I know who is on it: nurses, "
                "cleaners, cooks, students. They should not have to choose between leaving early and walking home "
                "at two in the morning.",
                "Lotte Sandvik, mayor of Halvard",
            ),
            Subhead("How it would be paid for"),
            "The night service would run on three of the city's seven lines on Friday and Saturday nights, at a "
            "cost the transport authority puts at around 4 million crowns a year. Ms Sandvik said the money would "
            "come from ending a subsidy to the car park under the city hall, which she called the most expensive "
            "parking space in the country.",
            "The rent register is likely to prove more contentious. Under the proposal landlords would record the "
            "rent they charge for each flat, without tenants' names, in a database that anyone could search before "
            "signing a lease. Supporters say it would help tenants spot excessive rents. The city's property "
            "owners' association called it an administrative burden that would fall hardest on small landlords.",
            Quote(
                "Nobody objects to transparency in principle. But the mayor is proposing a new bureaucracy with "
                "penalties attached, and she has not said who will run it or what it will cost.",
                "Karin Holm, director of the Halvard Property Owners' Association",
            ),
            Subhead("A divided council"),
            "Ms Sandvik's independents hold 11 of the council's 45 seats, and she will need the support of at "
            "least two other groups to pass a budget. The Greens have said they will back the night trams. The "
            "Liberals, the largest group, said they would study the plans before deciding.",
            "The mayor also said she would keep her tram driver's licence current by driving one shift a month, a "
            "pledge that drew laughter and applause from the public gallery.",
        ),
    ),
    Story(
        key="marsh-fungus-salt-wheat",
        section="science",
        title="Fungus from a tidal marsh helps wheat grow in salt-damaged fields, trial shows",
        standfirst=(
            "Plots sown with seed coated in a marsh fungus yielded nearly twice as much grain as untreated plots on "
            "land ruined by seawater, researchers at the Lindmark Agricultural Institute report."
        ),
        dateline="Lindmark",
        authors=("samir-haddad",),
        hours_ago=5,
        lead=Photo(
            "lab_bench",
            "Wheat seedlings in the laboratory",
            "Two trays of wheat seedlings on a laboratory bench: the seedlings in the right-hand tray are taller "
            "and denser. Flasks of coloured liquid and petri dishes stand beside them under a window.",
            "Seedlings grown in salty soil, without the fungus (left) and with it (right).",
        ),
        body=(
            "A fungus that lives on the roots of marsh grasses at the edge of the sea could help farmers grow wheat "
            "on land that has been poisoned by salt, according to a three-year field trial published this week.",
            "Researchers at the Lindmark Agricultural Institute coated wheat seeds with spores of the fungus before "
            "sowing them on coastal fields that had been flooded by seawater during storms. The treated plots "
            "produced on average 4.1 tonnes of grain per hectare, against 2.2 tonnes on untreated plots alongside "
            "them. On fields never touched by salt, the fungus made almost no difference.",
            Subhead("Borrowed from the marsh"),
            "Salt harms plants in two ways. It makes it harder for roots to draw water from the soil, and sodium "
            "that reaches the leaves interferes with growth. Marsh grasses cope with both, and the team suspected "
            "that part of their tolerance came not from the grasses themselves but from the fungi that colonise "
            "their roots.",
            "The fungus, which the team calls strain LM-7 until it is formally described, forms a network of fine "
            "threads around and inside the wheat roots. In greenhouse experiments it appeared to help the plants "
            "keep sodium out of their leaves while taking up more of the potassium they need.",
            Quote(
                "What surprised us was how consistent it was. We had dry years and wet years, heavy soil and sandy "
                "soil, and the treated plots came out ahead every time the land was salty.",
                "Dr Anneke Voss, plant scientist at the Lindmark Agricultural Institute and the study's lead author",
            ),
            Subhead("Questions before farmers can use it"),
            "Scientists who were not involved in the work welcomed the results but urged caution. A fungus that "
            "thrives in one region may struggle in another, and introducing a microbe to farmland on a large scale "
            "needs careful checks on how it affects the rest of the life in the soil.",
            Quote(
                "This is a promising result from one coast, with one variety of wheat. I would want to see it "
                "repeated on other soils and in other climates before anyone starts selling it in bags.",
                "Professor Tomas Reyes, soil ecologist at the University of Carrow",
            ),
            "The team is now running trials on barley and on two further wheat varieties, and has begun talks with "
            "a seed cooperative about producing coated seed for a larger test next year. About a fifth of the "
            "farmland along the Lindmark coast has been damaged by seawater flooding in the past decade, according "
            "to the regional farmers' union.",
        ),
    ),
    Story(
        key="comet-ferro-naked-eye",
        section="science",
        title="Newly found comet could be visible to the naked eye next spring",
        standfirst=(
            "Astronomers at the Mount Ferro Observatory spotted the faint object in survey images. If it survives "
            "its close pass by the Sun, it may become the brightest comet in a generation."
        ),
        dateline="Mount Ferro",
        authors=("samir-haddad",),
        hours_ago=14,
        lead=Photo(
            "comet_sky",
            "Comet over Mount Ferro",
            "A comet with a long, pale tail crosses a starry night sky above the dome of an observatory on a dark "
            "hilltop, with the Milky Way behind it.",
            "How the comet might look from Mount Ferro in April, if it brightens as astronomers hope.",
        ),
        body=(
            "A comet discovered last month by a sky survey at the Mount Ferro Observatory may become bright enough "
            "to see without binoculars next April, astronomers said, although they warned that comets are "
            "notoriously hard to predict.",
            "The object, catalogued as C/Ferro-2, was first picked out by software that compares images of the same "
            "patch of sky taken on different nights. At the time it was about as bright as a distant galaxy and "
            "far beyond the orbit of Jupiter. Follow-up observations over four weeks have allowed astronomers to "
            "work out its path.",
            Subhead("A long way from home"),
            "The calculations show that the comet is on its first journey into the inner solar system, after "
            "billions of years in the cold cloud of icy bodies at the edge of the Sun's influence. It will pass "
            "within 80 million kilometres of the Sun next March, inside the orbit of Venus.",
            "As it approaches, the Sun's heat will turn ice on its surface into gas, releasing dust that forms a "
            "glowing head and tail. How bright it becomes depends on how much ice it holds, and on whether it "
            "breaks apart, as first-time visitors sometimes do.",
            Quote(
                "New comets are like fireworks with unknown fuses. This one has a good size and a good path, and the "
                "geometry in April puts it in a dark sky after sunset. I am hopeful, but I would not print the "
                "posters yet.",
                "Dr Ilse Marrow, head of the survey programme at Mount Ferro",
            ),
            "If it performs well, the comet should be best placed for observers in the northern hemisphere in the "
            "second half of April, low in the western sky about an hour after sunset. Under the most optimistic "
            "forecasts its tail could stretch several times the width of the full Moon.",
            Subhead("The survey's third comet"),
            "The Mount Ferro survey, which uses a 1.2-metre telescope with a wide-field camera, began four years ago "
            "to search for asteroids that could pass close to Earth. It has since found more than 200 of them and "
            "three comets, all named after the observatory.",
            Quote(
                "Amateurs will be the first to tell us how it is doing as it brightens. We are asking anyone with a "
                "camera and a dark sky to send us their pictures.",
                "Nils Okwu, outreach officer at the observatory",
            ),
            "The observatory plans to publish a finder chart on its website in the new year, and will open its "
            "visitor centre for viewing evenings in April.",
        ),
    ),
    Story(
        key="sorrel-verges-wild-bees",
        section="science",
        title="Wild bees return to Sorrel after the town stops mowing its verges",
        standfirst=(
            "Volunteer counts found more than three times as many wild bees along the town's roadsides after it "
            "left the grass to flower for three summers."
        ),
        dateline="Sorrel",
        authors=("samir-haddad",),
        hours_ago=44,
        lead=Photo(
            "meadow_bees",
            "Wildflower verge at Sorrel",
            "A bank of red, yellow, white and purple wildflowers in summer sunshine with three bees in the "
            "foreground and the houses and church spire of a small town on the green hill behind.",
            "A verge on the edge of Sorrel in its third summer without regular mowing.",
        ),
        body=(
            "Three years after the town of Sorrel stopped mowing the grass along its roads, volunteers counting "
            "insects on summer mornings recorded 3.4 times as many wild bees as in the year before the change, and "
            "found 11 species that had not been seen in the town for at least a decade.",
            "The council began the experiment on 14 kilometres of verges and roundabouts, sowing some stretches "
            "with seed collected from local meadows and simply leaving others to grow. Mowing was cut back to a "
            "single cut in late September, with the cuttings taken away so that the soil would not become too "
            "rich for wildflowers.",
            Subhead("Counting on summer mornings"),
            "The surveys were carried out by 40 volunteers trained by the regional wildlife trust, who walked fixed "
            "routes on still, sunny mornings between May and August and noted every bee and hoverfly they saw. The "
            "same routes were walked in the summer before the mowing stopped, giving a baseline to compare against.",
            Quote(
                "The first summer, honestly, it looked untidy and we had complaints. By the second summer people "
                "were stopping their cars to take photographs of the poppies.",
                "Greta Lund, parks officer at Sorrel town council",
            ),
            "Among the returning species were two kinds of mining bee that nest in bare, sandy ground, which had "
            "become rare while the verges were kept short and dense. Bumblebee numbers roughly doubled.",
            Subhead("Not every change was welcome"),
            "Not everyone is convinced. Residents of two streets petitioned the council to bring back regular "
            "mowing, saying tall grass at junctions made it hard to see oncoming traffic. The council now cuts a "
            "one-metre strip beside road edges and at every junction.",
            Quote(
                "Insect numbers go up and down with the weather, so three years is a short run. But a threefold rise "
                "is far more than the weather explains, and the new species tell the same story.",
                "Dr Paul Essien, ecologist at the regional wildlife trust",
            ),
            "Sorrel's council estimates it has saved about 60,000 crowns a year on fuel and staff time. Two "
            "neighbouring towns have asked for its seed mix and mowing schedule, and the wildlife trust plans to "
            "extend its surveys to them next summer.",
        ),
    ),
    Story(
        key="brannock-mill-cooperative",
        section="business",
        title="Valmora's last textile mill reopens as a cooperative owned by its workers",
        standfirst=(
            "Eight months after its owners shut the gates, 240 former employees have bought the Brannock mill with "
            "their redundancy pay and a loan from the regional development bank."
        ),
        dateline="Valmora",
        authors=("mei-laurent",),
        hours_ago=9,
        lead=Photo(
            "mill_exterior",
            "The Brannock mill",
            "A long red-brick mill with a saw-tooth roof, arched windows and a tall chimney. A sign over the gate "
            "reads Brannock Mill, Workers' Cooperative, and people in coats stand outside.",
            "Members of the cooperative outside the Brannock mill on its first day of production.",
        ),
        body=(
            "The looms at the Brannock mill in Valmora started turning again this week, eight months after its "
            "previous owners closed it, as the 240 workers who now own it between them took their first orders as "
            "a cooperative.",
            "The mill, which has made woollen cloth on the same site since 1887, was shut last winter when its "
            "parent company, a clothing group based in the capital, said it could no longer compete with imported "
            "fabric. It was the last of the seven mills that once lined the Valmora river.",
            Subhead("Redundancy pay as capital"),
            "Each member of the new cooperative has put in between 5,000 and 15,000 crowns, most of it from their "
            "redundancy payments. Together with a loan of 3.2 million crowns from the regional development bank "
            "and a grant from the town council, that was enough to buy the buildings and machinery and to cover "
            "six months of running costs.",
            Figure(
                Photo(
                    "yarn_spools",
                    "Wool in the Brannock mill store",
                    "Three shelves of cone-shaped spools of wool yarn in red, orange, yellow, green, blue, purple "
                    "and cream, lit from above in a dim storeroom.",
                    "Dyed yarn in the mill's store, bought from the previous owners with the machinery.",
                ),
            ),
            Quote(
                "Everyone said we were mad to put our redundancy money into the place that had just made us "
                "redundant. But we know these machines, we know the customers, and we know where the waste was.",
                "Dorota Lasek, a weaver for 22 years and now chair of the cooperative's board",
            ),
            "The cooperative plans to concentrate on heavier cloth for coats and upholstery, sold to smaller "
            "fashion labels and furniture makers who want short runs, rather than competing on price for large "
            "orders. It has orders worth about 1.1 million crowns for its first three months, a quarter of what it "
            "needs to break even in its first year.",
            Subhead("A model with a mixed record"),
            "Worker buyouts of failing firms have a mixed record. Studies of cooperatives formed this way suggest "
            "they are more likely than conventional start-ups to survive their first five years, but they often "
            "struggle to raise money for new equipment as they grow.",
            Quote(
                "The hardest moment is not the first year, when everyone is motivated. It is the fifth year, when "
                "the looms need replacing and the bank wants a guarantee that nobody can give.",
                "Henrik Sol, who studies cooperatives at the Valmora School of Economics",
            ),
            "Each member has one vote, however much they put in. Wages have been set at the level they were before "
            "the closure, and any profit will be split between a reserve fund and a bonus paid equally to all.",
        ),
    ),
    Story(
        key="bank-of-arnland-holds-rates",
        section="business",
        title="Bank of Arnland holds rates at 3.25% but signals a cut before summer",
        standfirst=(
            "Policymakers voted 5-2 to leave borrowing costs unchanged, saying inflation was falling faster than "
            "expected but that house prices remained a worry."
        ),
        dateline="Kaldhavn",
        authors=("mei-laurent",),
        agencies=("reuters", "ap"),
        hours_ago=26,
        lead=Photo(
            "rate_chart",
            "Chart: Arnland policy rate and inflation",
            "Bar and line chart over three years. Inflation bars rise from 2.1% to a peak of 7.8% and fall back "
            "to 2.6%; the policy rate line steps up from 0.5% to 3.75% and eases to 3.25%, where it has stayed "
            "for three quarters.",
            "Inflation has fallen from its peak of 7.8%; the policy rate has been 3.25% since the spring.",
        ),
        body=(
            "The Bank of Arnland left its main interest rate unchanged at 3.25% for a third meeting in a row, but "
            "said it expected to begin lowering borrowing costs within months if inflation continues to ease.",
            "Five of the seven members of the bank's monetary policy committee voted to hold the rate. Two voted "
            "for a cut of a quarter of a percentage point, arguing that the economy had slowed enough to bring "
            "inflation back to the 2% target without further pressure.",
            Subhead("Inflation falling faster than forecast"),
            "Consumer prices rose 2.6% in the year to last month, down from a peak of 7.8% two years ago and below "
            "the 3.1% the bank had forecast in the autumn. Lower energy and food prices accounted for most of the "
            "fall, the bank said, while the prices of services such as rents, insurance and restaurant meals were "
            "still rising at about 4% a year.",
            Quote(
                "We are not there yet, but we can see the shore. If the next few months look like the last few, the "
                "committee will be in a position to reduce the rate, possibly before the summer.",
                "Edda Brynjolf, governor of the Bank of Arnland, at a press conference after the decision",
            ),
            "Markets had expected the hold. The Arnish crown was little changed against the currencies of the "
            "country's main trading partners, while the yield on two-year government bonds fell by 0.05 percentage "
            "points as investors brought forward their expectations of a first cut.",
            Subhead("A worry about housing"),
            "The bank repeated its concern about the housing market, where prices have risen 6% over the past year "
            "despite high mortgage rates, driven by a shortage of new homes in the largest cities. Cutting rates "
            "too quickly, the committee warned, could push prices higher still and leave households carrying more "
            "debt.",
            Quote(
                "The bank is walking a narrow path. Wait too long and unemployment rises; move too soon and you pour "
                "fuel on housing. I expect a first cut in May and a slow pace after that.",
                "Sara Lindqvist, chief economist at Nordhavn Bank",
            ),
            "The next rate decision is due in six weeks, when the bank will also publish new forecasts for growth "
            "and inflation.",
        ),
    ),
    Story(
        key="skerrow-lighthouse-diaries",
        section="culture",
        title="A lighthouse keeper's diaries become the surprise bestseller of the year",
        standfirst=(
            "Forty years of weather notes, passing ships and small domestic quarrels, kept by the last keeper of "
            "the Skerrow light, have outsold every novel published this year."
        ),
        dateline="Skerrow",
        authors=("mei-laurent",),
        hours_ago=62,
        lead=Photo(
            "lighthouse_sunset",
            "Skerrow lighthouse at sunset",
            "A red-and-white striped lighthouse with its lamp lit stands on a dark headland beside a small "
            "white cottage, above a calm sea and a setting sun.",
            "The Skerrow light, kept by Agnes Ferrier from 1951 until it was automated.",
        ),
        body=(
            "When Agnes Ferrier died at the age of 94, her nephew found 41 notebooks in a sea chest in her cottage, "
            "one for every year she had kept the lighthouse on Skerrow Head. He thought a local history society "
            "might want them. Eighteen months later a selection from the diaries has sold more than 180,000 copies "
            "and spent eleven weeks at the top of the national bestseller list.",
            "Ferrier, who took over the light from her father in 1951 and kept it until it was automated in 1992, "
            "wrote every evening, in pencil: the direction and strength of the wind, the ships that passed, the "
            "state of the lamp and, more and more as the years went on, her opinions of visiting inspectors, the "
            "supply boat's timekeeping and her neighbours' sheep.",
            Quote(
                "She never wrote a sentence she did not mean. There is a storm in 1962 when she kept the light "
                "burning for three nights without sleep, and all she says about herself is that her hands were cold.",
                "Callum Ferrier, her nephew and the book's editor",
            ),
            Subhead("Six publishers said no"),
            "Six publishers turned the book down before Tidewater Books, a small press in the regional capital, "
            "agreed to print 2,000 copies. The turning point, its founder says, came when a radio presenter read "
            "out the entry for Christmas Day 1968, in which Ferrier records sharing a tin of peaches and a game of "
            "draughts with the crew of a cargo ship sheltering from a gale in the bay.",
            Quote(
                "We printed two thousand and hoped to sell them by the summer. We sold them in a morning. I spent "
                "that week on the phone begging printers for paper.",
                "Iona Marsh, founder of Tidewater Books",
            ),
            Subhead("Visitors at the lighthouse"),
            "The Skerrow lighthouse, now owned by a heritage trust, has seen the number of visitors rise fivefold. "
            "The trust has reopened the keeper's cottage, with Ferrier's desk, barometer and kettle, and is "
            "training volunteers to cope with coach parties on a headland reached by a single-track road.",
            "A second volume, covering the last twenty years of her service, is due next autumn. Film rights have "
            "been sold, although Mr Ferrier says he asked for one condition: that nobody play his aunt as a "
            "romantic heroine. She would have hated that, he said. She thought romance was something that "
            "happened to other people, usually on the supply boat.",
        ),
    ),
    Story(
        key="meridian-prize-shortlist",
        section="culture",
        title="Meridian Prize shortlist: six debut novels, and a first for translated fiction",
        standfirst=(
            "Judges chose six books from 164 entries. For the first time, two of the novels on the shortlist were "
            "written in other languages and translated."
        ),
        dateline="Halvard",
        authors=("mei-laurent",),
        embargo_minutes=5,
        lead=Photo(
            "prize_books",
            "The Meridian Prize shortlist",
            "Six hardback books in red, blue, yellow, green, purple and orange stand in a spotlight on a dark "
            "stage beside a gold medal on a ribbon.",
            "The six books on this year's Meridian Prize shortlist.",
        ),
        body=(
            "The shortlist for this year's Meridian Prize, the country's most valuable award for a first novel, "
            "was announced this morning, and for the first time it includes two translated books.",
            "The six novels, chosen from 164 entries, range from a comic account of a family's disastrous attempt "
            "to run a seaside hotel to a spare, 140-page story of a ferry pilot's last crossing. The winner, to be "
            "named in six weeks, receives 250,000 crowns, and each shortlisted author 20,000.",
            Subhead("The six books"),
            Bullets(
                (
                    "The Salt Hotel, by Maren Aas",
                    "Pilot, by Joaquim Serra, translated from the Portuguese by Ada Klein",
                    "Nine Winters in Ostrel, by Hana Vojtek",
                    "The Orchard Ledger, by Felix Amundsen",
                    "What the River Keeps, by Noor Halabi, translated from the Arabic by Samuel Reid",
                    "Small Hours at the Depot, by Tove Rask",
                )
            ),
            Quote(
                "We did not set out to make a point about translation. We read the books for the words on the page, "
                "and two of the best happened to have started life in another language.",
                "Lena Okoro, novelist and chair of the judges",
            ),
            "The prize was opened to translated debuts three years ago, on condition that both the author and the "
            "translator live in the country. If a translated book wins, the prize money will be split equally "
            "between the two.",
            Subhead("Booksellers hope for a lift"),
            "Booksellers welcomed a list that several described as unusually readable. Sales of shortlisted novels "
            "typically rise several times over in the weeks after the announcement, and last year's winner sold "
            "more copies in the month after the ceremony than in the whole year before it.",
            Quote(
                "A list like this one, with a comedy on it, gives us something to put in the window for everybody. "
                "People who would never pick up a prize winner will pick up The Salt Hotel.",
                "Oskar Brandt, owner of the Corner Bookshop in Halvard",
            ),
            "The winner will be announced at a ceremony in the Halvard concert hall, which will be broadcast on "
            "national radio. All six authors will read from their books at the city library in the weeks before.",
        ),
    ),
]

BREAKING_ALERT = Alert(
    "Sea wall breached at Port Aske: residents of the lower town told to stay away until the all-clear",
    story="port-aske-sea-wall-gives-way",
)

LIVE_STORY = LiveStoryData(
    story="port-aske-sea-wall-gives-way",
    updates=(
        Update(
            10,
            ("The harbour authority has closed the coast road between Port Aske and Lindholm until further notice.",),
            pinned=True,
        ),
        Update(
            25,
            (
                Quote(
                    "Nobody should go down to the lower town tonight. "
                    "The water is still moving and the wall is not safe.",
                    "Hanne Vik, Port Aske fire chief",
                ),
            ),
        ),
        Update(
            45,
            ("About 300 residents are spending the night at the Nordhavn school and the sports hall.",),
            corrected=("About 400 residents are spending the night at the Nordhavn school and the sports hall.",),
            correction_note="An earlier version of this update said 300 residents; the council says 400.",
        ),
        Update(70, (Clip("The water level at Port Aske overnight, from the harbour's tide gauge."),)),
        Update(
            85,
            ("The tide has turned. The harbour authority expects the water to fall below the wall by 6 am.",),
        ),
    ),
)
