#include "app/demo/corpus.h"

#include <array>

namespace tribu::demo {

namespace {

using S = Story;
using T = Tone;

constexpr Template kTemplates[] = {
    // ---- Brand, French ----
    {S::kBrand, T::kPositive, "fr",
     "Trois mois avec mon {product} et toujours aussi ravie {pos} {km} km d'autonomie en vrai, "
     "{feature} au top. {tag}"},
    {S::kBrand, T::kPositive, "fr",
     "Livraison reçue ce matin, montage en dix minutes. Merci {brand} ! {pos}"},
    {S::kBrand, T::kPositive, "fr",
     "Franchement le SAV de {brand} est génial : réponse en 2h et pièce envoyée le lendemain 👏"},
    {S::kBrand, T::kPositive, "fr",
     "Premier trajet domicile-travail à {city} sur le {product}, je ne reprendrai plus jamais la "
     "voiture {pos} {tag}"},
    {S::kBrand, T::kPositive, "fr",
     "J'ai testé {brand} et {comp} ce week-end : le {product} gagne sur {feature}, sans hésiter."},
    {S::kBrand, T::kPositive, "fr",
     "{km} km ce matin sous la pluie et {feature} n'a pas bronché. Trèèès content de mon {brand} "
     "{pos}"},
    {S::kBrand, T::kPositive, "fr",
     "Mon fils m'a piqué mon {product} pour aller au lycée... je crois que je vais devoir en "
     "racheter un 😂 {tag}"},
    {S::kBrand, T::kPositive, "fr",
     "Bravo {brand} pour l'appli, enfin une appli vélo qui fonctionne vraiment bien."},
    {S::kBrand, T::kNeutral, "fr",
     "Quelqu'un a des retours sur le {product} ? J'hésite avec le {comp} pour faire {km} km par "
     "jour."},
    {S::kBrand, T::kNeutral, "fr",
     "{brand} annonce l'ouverture d'un showroom à {city} le mois prochain."},
    {S::kBrand, T::kNeutral, "fr",
     "Combien de temps pour recharger la batterie du {product} ? Merci d'avance {tag}"},
    {S::kBrand, T::kNeutral, "fr",
     "Le {product} est-il compatible avec un siège enfant ? Je ne trouve pas l'info sur le site de "
     "{brand}."},
    {S::kBrand, T::kNeutral, "fr",
     "Essai du {product} prévu samedi à {city}. Je vous fais un retour !"},
    {S::kBrand, T::kNeutral, "fr",
     "Est-ce que {brand} propose une aide à l'achat avec la prime vélo de {city} ?"},
    {S::kBrand, T::kNegative, "fr",
     "Troisième panne de {feature} en deux mois sur mon {product}... {brand} vous comptez faire "
     "quelque chose ? {neg}"},
    {S::kBrand, T::kNegative, "fr",
     "Ça fait {weeks} semaines que j'attends une réponse du SAV {brand}. Inadmissible. {neg}"},
    {S::kBrand, T::kNegative, "fr",
     "{price} pour un vélo qui grince au bout d'un mois, merci {brand} 🙄"},
    {S::kBrand, T::kNegative, "fr",
     "Livraison annoncée en 5 jours, toujours rien après {weeks} semaines. Très déçu de {brand}."},
    {S::kBrand, T::kNegative, "fr",
     "Pas du tout convaincu par {feature} du {product}, c'est nettement moins bien que ce qu'on "
     "nous vend {neg}"},
    {S::kBrand, T::kNegative, "fr",
     "L'appli {brand} plante encore ce matin, impossible de déverrouiller le vélo. Je suis en "
     "retard au boulot {neg}"},
    // ---- Brand, English ----
    {S::kBrand, T::kPositive, "en",
     "Three months with my {product} and still loving it {pos} Real-world range around {km} km, "
     "the {feature} is great. {tag}"},
    {S::kBrand, T::kPositive, "en",
     "Just got my {brand} delivered, assembled in ten minutes. Really impressed! {pos}"},
    {S::kBrand, T::kPositive, "en",
     "Shoutout to {brand} customer service: answered in two hours and shipped the part the next "
     "day 👏"},
    {S::kBrand, T::kPositive, "en",
     "First commute in {city} on the {product}. Never going back to the car {pos} {tag}"},
    {S::kBrand, T::kPositive, "en",
     "Rode {km} km in the rain today and the {feature} didn't flinch. So happy with my {brand} "
     "{pos}"},
    {S::kBrand, T::kPositive, "en",
     "Compared {brand} and {comp} side by side this weekend. The {product} wins on {feature}, "
     "easily."},
    {S::kBrand, T::kNeutral, "en",
     "Anyone here riding the {product}? Trying to decide between it and the {comp} for a {km} km "
     "commute."},
    {S::kBrand, T::kNeutral, "en",
     "{brand} is opening a showroom in {city} next month, according to their newsletter."},
    {S::kBrand, T::kNeutral, "en",
     "How long does the {product} battery take to charge from empty? {tag}"},
    {S::kBrand, T::kNeutral, "en",
     "Test ride of the {product} booked for Saturday in {city}. Will report back."},
    {S::kBrand, T::kNeutral, "en",
     "Does {brand} ship to {city}? The website isn't clear about it."},
    {S::kBrand, T::kNegative, "en",
     "Third {feature} failure in two months on my {product}. {brand}, are you going to do anything "
     "about it? {neg}"},
    {S::kBrand, T::kNegative, "en",
     "Been waiting {weeks} weeks for {brand} support to get back to me. Not acceptable. {neg}"},
    {S::kBrand, T::kNegative, "en",
     "{price} for a bike that squeaks after a month. Thanks a lot {brand} 🙄"},
    {S::kBrand, T::kNegative, "en",
     "Delivery was promised in 5 days, still nothing after {weeks} weeks. Really disappointed with "
     "{brand}."},
    {S::kBrand, T::kNegative, "en",
     "The {brand} app crashed again this morning and I couldn't unlock my bike. Late for work "
     "{neg}"},
    // ---- Competitors ----
    {S::kCompetitor, T::kPositive, "fr",
     "Très content de mon {comp}, {km} km par jour sans souci depuis un an {pos}"},
    {S::kCompetitor, T::kPositive, "fr",
     "{comp} vient de baisser ses prix, le modèle de base passe à {price}. Belle offre ! {tag}"},
    {S::kCompetitor, T::kNeutral, "fr",
     "{comp} ouvre un atelier de réparation à {city}, quelqu'un a testé ?"},
    {S::kCompetitor, T::kNeutral, "fr",
     "Comparatif {comp} contre {brand} : lequel prendre pour {city} ? {tag}"},
    {S::kCompetitor, T::kNegative, "fr",
     "Mon {comp} est en réparation pour la deuxième fois ce mois-ci. Plus jamais {neg}"},
    {S::kCompetitor, T::kNegative, "fr",
     "Le SAV de {comp} ne répond plus depuis {weeks} semaines, quelqu'un a un contact ?"},
    {S::kCompetitor, T::kPositive, "en",
     "A year on my {comp}, {km} km a day and zero issues {pos}"},
    {S::kCompetitor, T::kPositive, "en",
     "{comp} just dropped prices, the base model is now {price}. Good deal! {tag}"},
    {S::kCompetitor, T::kNeutral, "en",
     "{comp} is opening a repair shop in {city}. Has anyone been?"},
    {S::kCompetitor, T::kNeutral, "en",
     "{comp} vs {brand} for city riding in {city}, which one would you pick?"},
    {S::kCompetitor, T::kNegative, "en",
     "My {comp} is in the shop for the second time this month. Never again {neg}"},
    {S::kCompetitor, T::kNegative, "en",
     "{comp} support hasn't answered in {weeks} weeks. Anyone have a contact there?"},
    // ---- Product launch: Urban 2 ----
    {S::kLaunch, T::kPositive, "fr",
     "Le nouveau {new} est enfin là ! {km} km d'autonomie pour {price} {pos} #VeloraUrban2"},
    {S::kLaunch, T::kPositive, "fr",
     "Précommande faite pour le {new} 🎉 Vivement la livraison ! #VeloraUrban2"},
    {S::kLaunch, T::kPositive, "fr",
     "Le design du {new} est superbe, {brand} a vraiment soigné les détails {pos}"},
    {S::kLaunch, T::kNeutral, "fr",
     "{brand} dévoile le {new} : batterie amovible, {km} km d'autonomie annoncée, prix de "
     "{price}."},
    {S::kLaunch, T::kNeutral, "fr",
     "Quelle différence entre l'Urban et le {new} ? À part le prix je ne vois pas bien."},
    {S::kLaunch, T::kNegative, "fr",
     "{price} le {new}, c'est non. Trop cher pour ce que c'est {neg}"},
    {S::kLaunch, T::kNegative, "fr",
     "Acheté l'Urban il y a deux mois et {brand} sort déjà le {new}... un peu dégoûté {neg}"},
    {S::kLaunch, T::kPositive, "en",
     "The new {new} is finally here! {km} km range for {price} {pos} #VeloraUrban2"},
    {S::kLaunch, T::kPositive, "en", "Pre-ordered the {new} 🎉 Can't wait! #VeloraUrban2"},
    {S::kLaunch, T::kNeutral, "en",
     "{brand} unveils the {new}: removable battery, {km} km claimed range, priced at {price}."},
    {S::kLaunch, T::kNeutral, "en",
     "What's actually new in the {new} compared to the original Urban?"},
    {S::kLaunch, T::kNegative, "en", "{price} for the {new}? Hard pass. Way overpriced {neg}"},
    // ---- Crisis: overheating batteries ----
    {S::kCrisis, T::kNegative, "fr",
     "La batterie de mon {brand} a pris feu dans mon garage cette nuit. Heureusement personne "
     "n'est blessé. #VeloraGate"},
    {S::kCrisis, T::kNegative, "fr",
     "Je résilie ma commande et je demande le remboursement, hors de question de garder un vélo "
     "dangereux {neg} #VeloraGate"},
    {S::kCrisis, T::kNegative, "fr",
     "Mon avocat va contacter {brand}. Une batterie qui surchauffe, c'est un danger. Plainte "
     "déposée."},
    {S::kCrisis, T::kNegative, "fr",
     "Boycott de {brand} tant qu'il n'y a pas de rappel produit officiel ! #VeloraGate"},
    {S::kCrisis, T::kNegative, "fr",
     "Scandale : {brand} savait pour les batteries selon plusieurs témoignages #VeloraGate {neg}"},
    {S::kCrisis, T::kNegative, "fr",
     "Ma batterie {brand} chauffe anormalement pendant la charge, je débranche tout. Ça fait peur "
     "{neg}"},
    {S::kCrisis, T::kNegative, "fr",
     "Après l'histoire des batteries, je ne recommanderai plus jamais {brand}. Je passe chez "
     "{comp}."},
    {S::kCrisis, T::kNeutral, "fr",
     "Rappel batterie chez {brand} ? Quelqu'un a plus d'infos sur les modèles concernés ?"},
    {S::kCrisis, T::kNeutral, "fr",
     "{brand} annonce une inspection gratuite des batteries du {product} fabriquées entre mars et "
     "juin."},
    {S::kCrisis, T::kNeutral, "fr",
     "Batteries {brand} : la marque promet un communiqué avant {hour}h. #VeloraGate"},
    {S::kCrisis, T::kNegative, "en",
     "My {brand} battery caught fire overnight. This is dangerous. #VeloraGate"},
    {S::kCrisis, T::kNegative, "en", "Cancel my order {brand}, I'm not riding a fire hazard {neg}"},
    {S::kCrisis, T::kNegative, "en",
     "Talking to a lawyer about the {brand} battery issue. Class action anyone? #VeloraGate"},
    {S::kCrisis, T::kNegative, "en",
     "Recall now, {brand}! How many fires before you act? #VeloraGate {neg}"},
    {S::kCrisis, T::kNegative, "en",
     "Cancelled my subscription to the {brand} care plan. Switching to {comp}."},
    {S::kCrisis, T::kNeutral, "en",
     "Is there an official recall for {brand} batteries? Which serial numbers are affected?"},
    {S::kCrisis, T::kNeutral, "en",
     "{brand} says it will inspect {product} batteries made between March and June free of "
     "charge."},
    // ---- Campaign: #VeloraRide and café vélo ----
    {S::kCampaign, T::kPositive, "fr",
     "Rendez-vous dimanche 10h pour la #VeloraRide à {city} ! Café offert au départ ☕🚲"},
    {S::kCampaign, T::kPositive, "fr",
     "Le café vélo de {city} était top, merci l'équipe {brand} #VeloraRide {pos}"},
    {S::kCampaign, T::kPositive, "fr",
     "CAFÉ + VÉLO = ❤️ Super ambiance ce matin à {city} #VeloraRide"},
    {S::kCampaign, T::kNeutral, "fr",
     "Prochaine #VeloraRide à {city} le {weeks} du mois, inscription sur l'appli {brand}."},
    {S::kCampaign, T::kNegative, "fr",
     "#VeloraRide annulée à {city} sans prévenir, on était vingt à attendre au café {neg}"},
    {S::kCampaign, T::kPositive, "en",
     "Great #VeloraRide this morning in {city}, forty riders and coffee at the end ☕🚲"},
    {S::kCampaign, T::kPositive, "en",
     "Loved the cafe meetup after the #VeloraRide in {city} {pos}"},
    {S::kCampaign, T::kNeutral, "en",
     "Next #VeloraRide in {city} is on Sunday, sign up in the {brand} app."},
    // ---- The market at large (matches no brand topic) ----
    {S::kMarket, T::kNeutral, "fr",
     "Les ventes de vélos électriques ont progressé de {weeks} % cette année à {city}, selon la "
     "mairie."},
    {S::kMarket, T::kNegative, "fr",
     "Les pistes cyclables de {city} sont saturées ce matin, il faut vraiment investir {neg}"},
    {S::kMarket, T::kPositive, "fr",
     "Nouvelle piste cyclable inaugurée à {city}, enfin un trajet sécurisé jusqu'à la gare {pos} "
     "{tag}"},
    {S::kMarket, T::kNeutral, "fr",
     "Quel antivol pour un VAE à {city} ? On m'a volé le précédent devant le café."},
    {S::kMarket, T::kNeutral, "en",
     "Best commuter e-bike under {price}? Looking at a few options for {city}."},
    {S::kMarket, T::kPositive, "en", "New protected bike lane opened in {city} today {pos} {tag}"},
    {S::kMarket, T::kNegative, "en", "Third bike stolen on my street in {city} this month {neg}"},
    {S::kMarket, T::kNeutral, "en",
     "E-bike sales up {weeks}% this year in {city}, says the city council."},
    // ---- The brand's own replies ----
    {S::kBrandReply, T::kNeutral, "fr",
     "Bonjour, nous sommes désolés pour ce désagrément. Pouvez-vous nous envoyer votre numéro de "
     "commande en message privé ? L'équipe {brand}"},
    {S::kBrandReply, T::kNeutral, "fr",
     "Merci pour votre message. Notre équipe technique vous recontacte aujourd'hui avant {hour}h."},
    {S::kBrandReply, T::kPositive, "fr",
     "Merci beaucoup pour ce retour, ça fait plaisir à toute l'équipe {brand} ! 🚲"},
    {S::kBrandReply, T::kNeutral, "en",
     "Hi, we're sorry about this. Could you DM us your order number so we can look into it? Team "
     "{brand}"},
    {S::kBrandReply, T::kPositive, "en",
     "Thanks so much for sharing, the whole {brand} team appreciates it! 🚲"},
};

constexpr std::string_view kFirstFr[] = {
    "Camille", "Léa",    "Manon", "Chloé",  "Inès",   "Jade",    "Louise", "Emma",
    "Sarah",   "Julie",  "Hugo",  "Lucas",  "Thomas", "Nicolas", "Julien", "Mathieu",
    "Antoine", "Maxime", "Théo",  "Éloïse", "Gaëlle", "Loïc",    "Hélène", "François"};
constexpr std::string_view kFirstEn[] = {
    "Emily", "Olivia", "Sophie", "Grace", "Hannah", "Chloe", "Jack", "Harry", "Oliver", "James",
    "Liam",  "Noah",   "Ethan",  "Ben",   "Sam",    "Zoe",   "Maya", "Ruby",  "Daniel", "Ryan"};
constexpr std::string_view kLastFr[] = {"Martin",  "Bernard", "Dubois",   "Thomas", "Robert",
                                        "Richard", "Petit",   "Durand",   "Leroy",  "Moreau",
                                        "Simon",   "Laurent", "Lefèvre",  "Michel", "Garcia",
                                        "Faure",   "Roux",    "Fournier", "Girard", "Bonnet"};
constexpr std::string_view kLastEn[] = {
    "Smith",  "Jones",  "Taylor",   "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans",
    "Walker", "Wright", "Thompson", "White", "Hughes",   "Green",  "Hall",    "Clarke", "Baker"};
constexpr std::string_view kCitiesFr[] = {
    "Lyon",        "Paris",  "Nantes",   "Bordeaux", "Lille",     "Grenoble", "Strasbourg",
    "Montpellier", "Rennes", "Toulouse", "Annecy",   "Bruxelles", "Genève",   "Montréal"};
constexpr std::string_view kCitiesEn[] = {"London",    "Amsterdam",  "Berlin",     "Brooklyn",
                                          "Portland",  "Copenhagen", "Dublin",     "Toronto",
                                          "Melbourne", "Bristol",    "Manchester", "Seattle"};
constexpr std::string_view kFeaturesFr[] = {"la batterie", "l'autonomie", "les freins",
                                            "le moteur",   "la selle",    "l'appli",
                                            "le cadre",    "l'éclairage", "le dérailleur"};
constexpr std::string_view kFeaturesEn[] = {"battery", "range", "brakes", "motor", "saddle",
                                            "app",     "frame", "lights", "gears"};
constexpr std::string_view kProductsFr[] = {"Velora Urban", "Velora Trek", "Velora Cargo",
                                            "vélo Velora"};
constexpr std::string_view kProductsEn[] = {"Velora Urban", "Velora Trek", "Velora Cargo",
                                            "Velora bike"};
constexpr std::string_view kTagsFr[] = {"#velotaf", "#vélo",     "#VAE", "#mobilité",
                                        "#vélotaf", "#cyclisme", ""};
constexpr std::string_view kTagsEn[] = {"#ebike",         "#cycling",  "#bikecommute",
                                        "#urbanmobility", "#bikelife", ""};
constexpr std::string_view kPosEmoji[] = {"😍", "🚲", "👍", "🔥", "❤️", "🙌", "😊", "⚡", ":)", ""};
constexpr std::string_view kNegEmoji[] = {"😡", "😤", "👎", "🤬", "😞", "💸", "🙄", ":(", ""};
constexpr std::string_view kInstances[] = {"mastodon.social", "piaille.fr", "framapiaf.org",
                                           "mamot.fr",        "mas.to",     "fosstodon.org",
                                           "mastodon.online"};
constexpr std::string_view kSubsFr[] = {"velotaf", "france", "vélo", "lyon", "paris"};
constexpr std::string_view kSubsEn[] = {"ebikes", "bikecommuting", "cycling", "urbanplanning",
                                        "BuyItForLife"};
constexpr Outlet kOutlets[] = {
    {"journal-du-velo.fr", "Le Journal du Vélo", "fr"},
    {"mobilites-urbaines.fr", "Mobilités Urbaines", "fr"},
    {"lyon-actu.fr", "Lyon Actu", "fr"},
    {"conso-mag.fr", "Conso Mag", "fr"},
    {"tech-et-velo.fr", "Tech & Vélo", "fr"},
    {"ebike-review.net", "E-Bike Review", "en"},
    {"urban-mobility.news", "Urban Mobility News", "en"},
    {"cycling-weekly-news.com", "Cycling Weekly News", "en"},
    {"gearreport.co.uk", "Gear Report", "en"},
};

constexpr std::string_view kOpenFrPos[] = {
    "Petit retour :", "Coup de cœur :", "Bonne nouvelle :", "Retour d'expérience :"};
constexpr std::string_view kOpenFrNeu[] = {
    "Question :", "Info :", "Petite question :", "À savoir :", "Pour info :"};
constexpr std::string_view kOpenFrNeg[] = {"Coup de gueule :", "Sérieusement...",
                                           "Ras-le-bol :", "Encore une fois :"};
constexpr std::string_view kOpenEnPos[] = {
    "Quick update:", "Honest review:", "Good news:", "Love this:"};
constexpr std::string_view kOpenEnNeu[] = {"Quick question:", "PSA:", "FYI:", "Heads up:"};
constexpr std::string_view kOpenEnNeg[] = {"Rant:", "Seriously...", "Again:", "Not happy:"};
constexpr std::string_view kCloseFrPos[] = {"Je recommande !", "Top.", "Merci !", "Que du bonheur.",
                                            "Foncez !"};
constexpr std::string_view kCloseFrNeu[] = {"Des avis ?", "Merci d'avance.", "Qu'en pensez-vous ?",
                                            "À suivre."};
constexpr std::string_view kCloseFrNeg[] = {"Vraiment pas sérieux.", "Inacceptable.",
                                            "Je suis dégoûté.", "Plus jamais.",
                                            "Franchement déçu."};
constexpr std::string_view kCloseEnPos[] = {"Highly recommend!", "10/10.", "Thanks!",
                                            "Worth every penny."};
constexpr std::string_view kCloseEnNeu[] = {"Thoughts?", "Any advice?", "Thanks in advance.",
                                            "We'll see."};
constexpr std::string_view kCloseEnNeg[] = {"Not OK.", "Unacceptable.", "So frustrated.",
                                            "Never again.", "Really disappointed."};

}  // namespace

std::span<const Template> Templates() { return kTemplates; }

std::span<const std::string_view> Openers(std::string_view lang, Tone tone) {
  bool fr = lang == "fr";
  switch (tone) {
    case Tone::kPositive:
      return fr ? std::span<const std::string_view>(kOpenFrPos) : kOpenEnPos;
    case Tone::kNeutral:
      return fr ? std::span<const std::string_view>(kOpenFrNeu) : kOpenEnNeu;
    case Tone::kNegative:
      break;
  }
  return fr ? std::span<const std::string_view>(kOpenFrNeg) : kOpenEnNeg;
}

std::span<const std::string_view> Closers(std::string_view lang, Tone tone) {
  bool fr = lang == "fr";
  switch (tone) {
    case Tone::kPositive:
      return fr ? std::span<const std::string_view>(kCloseFrPos) : kCloseEnPos;
    case Tone::kNeutral:
      return fr ? std::span<const std::string_view>(kCloseFrNeu) : kCloseEnNeu;
    case Tone::kNegative:
      break;
  }
  return fr ? std::span<const std::string_view>(kCloseFrNeg) : kCloseEnNeg;
}

std::span<const std::string_view> FirstNames(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kFirstFr) : kFirstEn;
}
std::span<const std::string_view> LastNames(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kLastFr) : kLastEn;
}
std::span<const std::string_view> Cities(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kCitiesFr) : kCitiesEn;
}
std::span<const std::string_view> Features(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kFeaturesFr) : kFeaturesEn;
}
std::span<const std::string_view> Products(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kProductsFr) : kProductsEn;
}
std::span<const std::string_view> Tags(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kTagsFr) : kTagsEn;
}
std::span<const std::string_view> PositiveEmoji() { return kPosEmoji; }
std::span<const std::string_view> NegativeEmoji() { return kNegEmoji; }
std::span<const std::string_view> MastodonInstances() { return kInstances; }
std::span<const std::string_view> Subreddits(std::string_view lang) {
  return lang == "fr" ? std::span<const std::string_view>(kSubsFr) : kSubsEn;
}
std::span<const Outlet> NewsOutlets() { return kOutlets; }

}  // namespace tribu::demo
