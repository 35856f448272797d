// French and English. The person's choice (their account's locale, or the
// switch on the sign-in page) wins; the browser's language is the default.
// Dates and numbers follow the locale and the person's time zone.

const en = {
  "app.tagline": "Listen, alert, engage, measure: your communities in one place.",
  "nav.dashboard": "Dashboard",
  "nav.topics": "Topics",
  "nav.search": "Search",
  "nav.channels": "Channels",
  "nav.members": "Members",
  "nav.audit": "Audit log",
  "nav.account": "My account",
  "nav.signout": "Sign out",
  "nav.workspace": "Workspace",
  "nav.menu": "Menu",
  "nav.skip": "Skip to content",
  "login.title": "Sign in",
  "login.email": "E-mail address",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.demo": "Try the demo",
  "login.demo.hint": "Signs you in to the demo workspace, no password needed.",
  "login.setup_needed": "No account exists yet: open the setup link that 'tribu serve' printed.",
  "setup.title": "Create the owner's account",
  "setup.name": "Your name",
  "setup.submit": "Create the account",
  "invitation.title": "Join your team on tribu",
  "invitation.submit": "Set my password",
  "password.hint": "At least 10 characters.",
  "lang.label": "Interface language",
  "dash.title": "Listening dashboard",
  "dash.range": "Period",
  "dash.range.24h": "Last 24 hours",
  "dash.range.7d": "Last 7 days",
  "dash.range.30d": "Last 30 days",
  "dash.range.90d": "Last 90 days",
  "dash.topic": "Topic",
  "dash.topic.all": "All posts",
  "dash.total": "Mentions",
  "dash.sentiment": "Net sentiment",
  "dash.negative": "Negative",
  "dash.positive": "Positive",
  "dash.neutral": "Neutral",
  "dash.volume": "Volume over time",
  "dash.sentiment_over_time": "Sentiment over time",
  "dash.share_of_voice": "Share of voice",
  "dash.top_terms": "Top terms",
  "dash.top_hashtags": "Top hashtags",
  "dash.top_authors": "Top authors",
  "dash.platforms": "Platforms",
  "dash.languages": "Languages",
  "dash.live": "Live stream",
  "dash.live.waiting": "Waiting for new posts… they appear here as they are collected.",
  "dash.live.connected": "Live",
  "dash.live.disconnected": "Reconnecting…",
  "dash.posts": "posts",
  "dash.followers": "followers",
  "dash.empty": "No posts in this period.",
  "topics.title": "Topics",
  "topics.new": "New topic",
  "topics.name": "Name",
  "topics.query": "Query",
  "topics.query.hint": 'Boolean query: velora OR "vélo électrique", #hashtags, @mentions, NEAR/3, lang:fr, platform:mastodon, sentiment:negative.',
  "topics.kind": "Kind",
  "topics.kind.brand": "Brand",
  "topics.kind.competitor": "Competitor",
  "topics.kind.product": "Product",
  "topics.kind.campaign": "Campaign",
  "topics.kind.other": "Other",
  "topics.color": "Colour",
  "topics.save": "Save",
  "topics.create": "Create topic",
  "topics.delete": "Delete",
  "topics.delete.confirm": "Delete this topic? Its posts stay.",
  "topics.valid": "Valid query",
  "topics.reads_as": "Reads as:",
  "topics.looks_for": "Looks for:",
  "topics.invalid": "Not valid yet",
  "topics.preview": "Preview: recent matching posts",
  "topics.preview.none": "No stored post matches yet.",
  "topics.matched": "posts match",
  "topics.saved": "Saved.",
  "topics.readonly": "Your role lets you read topics, not change them.",
  "search.title": "Search",
  "search.q": "Words, \"phrases\", prefix*",
  "search.platform": "Platform",
  "search.lang": "Language",
  "search.sentiment": "Sentiment",
  "search.author": "Author",
  "search.since": "From",
  "search.until": "To",
  "search.submit": "Search",
  "search.more": "Load more",
  "search.none": "No post matches.",
  "search.any": "Any",
  "channels.title": "Channels",
  "channels.add": "Add a channel",
  "channels.platform": "Platform",
  "channels.name": "Name",
  "channels.url": "Feed address (RSS, Atom, JSON Feed)",
  "channels.server": "Server",
  "channels.timeline": "What to follow",
  "channels.tag": "Hashtag (without #)",
  "channels.query": "Search words",
  "channels.identifier": "Account handle (to sign in)",
  "channels.subreddit": "Subreddit (without r/)",
  "channels.listing": "Listing",
  "channels.client_id": "Reddit app id",
  "channels.source_platform": "Source (forum, CRM…)",
  "channels.secret.token": "Access token",
  "channels.secret.app_password": "App password",
  "channels.secret.client_secret": "Reddit app secret",
  "channels.secret.webhook": "Signing secret",
  "channels.secret.hint": "Stored encrypted, never shown again.",
  "channels.health": "Health",
  "channels.collected": "Collected",
  "channels.last_success": "Last success",
  "channels.next": "Next attempt",
  "channels.error": "Last error",
  "channels.enable": "Enable",
  "channels.disable": "Disable",
  "channels.remove": "Remove",
  "channels.remove.confirm": "Remove this channel? Its posts stay.",
  "channels.none": "No channel yet.",
  "health.new": "New",
  "health.ok": "Healthy",
  "health.retrying": "Retrying",
  "health.error": "Needs attention",
  "members.title": "Members and roles",
  "members.invite": "Invite someone",
  "members.email": "E-mail address",
  "members.role": "Role",
  "members.remove": "Remove",
  "members.invited": "Invitation created. Send this link to the person (it works once, for 72 hours):",
  "members.you": "you",
  "members.admin_note": "You manage this workspace as an administrator of tribu, without being one of its members.",
  "role.owner": "Owner",
  "role.manager": "Manager",
  "role.community_manager": "Community manager",
  "role.approver": "Approver",
  "role.analyst": "Analyst",
  "role.client": "Client (read-only)",
  "audit.title": "Audit log",
  "audit.when": "When",
  "audit.who": "Who",
  "audit.what": "What",
  "audit.change": "Change",
  "audit.before": "Before",
  "audit.after": "After",
  "audit.none": "Nothing changed yet.",
  "account.title": "My account",
  "account.name": "Display name",
  "account.tz": "Time zone",
  "account.current_password": "Current password",
  "account.new_password": "New password",
  "account.save": "Save",
  "account.signout_everywhere": "Sign out everywhere",
  "account.saved": "Saved.",
  "common.loading": "Loading…",
  "common.error": "Something went wrong",
  "common.denied": "Your role does not allow this.",
  "common.cancel": "Cancel",
  "common.close": "Close",
  "common.open_link": "Open link",
  "common.demo_banner": "Demo workspace: data is generated, changes are yours to make.",
  "sentiment.negative": "negative",
  "sentiment.neutral": "neutral",
  "sentiment.positive": "positive",
};

type Key = keyof typeof en;

const fr: Record<Key, string> = {
  "app.tagline": "Écouter, alerter, animer, mesurer : vos communautés au même endroit.",
  "nav.dashboard": "Tableau de bord",
  "nav.topics": "Sujets",
  "nav.search": "Recherche",
  "nav.channels": "Canaux",
  "nav.members": "Membres",
  "nav.audit": "Journal d'audit",
  "nav.account": "Mon compte",
  "nav.signout": "Se déconnecter",
  "nav.workspace": "Espace de travail",
  "nav.menu": "Menu",
  "nav.skip": "Aller au contenu",
  "login.title": "Connexion",
  "login.email": "Adresse e-mail",
  "login.password": "Mot de passe",
  "login.submit": "Se connecter",
  "login.demo": "Essayer la démo",
  "login.demo.hint": "Vous connecte à l'espace de démonstration, sans mot de passe.",
  "login.setup_needed": "Aucun compte n'existe encore : ouvrez le lien de configuration affiché par « tribu serve ».",
  "setup.title": "Créer le compte du propriétaire",
  "setup.name": "Votre nom",
  "setup.submit": "Créer le compte",
  "invitation.title": "Rejoindre votre équipe sur tribu",
  "invitation.submit": "Choisir mon mot de passe",
  "password.hint": "Au moins 10 caractères.",
  "lang.label": "Langue de l'interface",
  "dash.title": "Tableau de bord de veille",
  "dash.range": "Période",
  "dash.range.24h": "Dernières 24 heures",
  "dash.range.7d": "7 derniers jours",
  "dash.range.30d": "30 derniers jours",
  "dash.range.90d": "90 derniers jours",
  "dash.topic": "Sujet",
  "dash.topic.all": "Toutes les publications",
  "dash.total": "Mentions",
  "dash.sentiment": "Sentiment net",
  "dash.negative": "Négatif",
  "dash.positive": "Positif",
  "dash.neutral": "Neutre",
  "dash.volume": "Volume dans le temps",
  "dash.sentiment_over_time": "Sentiment dans le temps",
  "dash.share_of_voice": "Part de voix",
  "dash.top_terms": "Termes les plus cités",
  "dash.top_hashtags": "Hashtags les plus cités",
  "dash.top_authors": "Auteurs les plus actifs",
  "dash.platforms": "Plateformes",
  "dash.languages": "Langues",
  "dash.live": "Flux en direct",
  "dash.live.waiting": "En attente de nouvelles publications… elles s'affichent ici dès leur collecte.",
  "dash.live.connected": "En direct",
  "dash.live.disconnected": "Reconnexion…",
  "dash.posts": "publications",
  "dash.followers": "abonnés",
  "dash.empty": "Aucune publication sur cette période.",
  "topics.title": "Sujets",
  "topics.new": "Nouveau sujet",
  "topics.name": "Nom",
  "topics.query": "Requête",
  "topics.query.hint": "Requête booléenne : velora OR \"vélo électrique\", #hashtags, @mentions, NEAR/3, lang:fr, platform:mastodon, sentiment:negative.",
  "topics.kind": "Type",
  "topics.kind.brand": "Marque",
  "topics.kind.competitor": "Concurrent",
  "topics.kind.product": "Produit",
  "topics.kind.campaign": "Campagne",
  "topics.kind.other": "Autre",
  "topics.color": "Couleur",
  "topics.save": "Enregistrer",
  "topics.create": "Créer le sujet",
  "topics.delete": "Supprimer",
  "topics.delete.confirm": "Supprimer ce sujet ? Ses publications restent.",
  "topics.valid": "Requête valide",
  "topics.reads_as": "Se lit :",
  "topics.looks_for": "Cherche :",
  "topics.invalid": "Pas encore valide",
  "topics.preview": "Aperçu : publications récentes correspondantes",
  "topics.preview.none": "Aucune publication enregistrée ne correspond encore.",
  "topics.matched": "publications correspondent",
  "topics.saved": "Enregistré.",
  "topics.readonly": "Votre rôle permet de lire les sujets, pas de les modifier.",
  "search.title": "Recherche",
  "search.q": "Mots, \"expressions\", préfixe*",
  "search.platform": "Plateforme",
  "search.lang": "Langue",
  "search.sentiment": "Sentiment",
  "search.author": "Auteur",
  "search.since": "Du",
  "search.until": "Au",
  "search.submit": "Rechercher",
  "search.more": "Afficher plus",
  "search.none": "Aucune publication ne correspond.",
  "search.any": "Tous",
  "channels.title": "Canaux",
  "channels.add": "Ajouter un canal",
  "channels.platform": "Plateforme",
  "channels.name": "Nom",
  "channels.url": "Adresse du flux (RSS, Atom, JSON Feed)",
  "channels.server": "Serveur",
  "channels.timeline": "Que suivre",
  "channels.tag": "Hashtag (sans #)",
  "channels.query": "Mots recherchés",
  "channels.identifier": "Identifiant du compte (connexion)",
  "channels.subreddit": "Subreddit (sans r/)",
  "channels.listing": "Liste",
  "channels.client_id": "Identifiant de l'app Reddit",
  "channels.source_platform": "Source (forum, CRM…)",
  "channels.secret.token": "Jeton d'accès",
  "channels.secret.app_password": "Mot de passe d'application",
  "channels.secret.client_secret": "Secret de l'app Reddit",
  "channels.secret.webhook": "Secret de signature",
  "channels.secret.hint": "Conservé chiffré, jamais réaffiché.",
  "channels.health": "État",
  "channels.collected": "Collectées",
  "channels.last_success": "Dernier succès",
  "channels.next": "Prochaine tentative",
  "channels.error": "Dernière erreur",
  "channels.enable": "Activer",
  "channels.disable": "Désactiver",
  "channels.remove": "Retirer",
  "channels.remove.confirm": "Retirer ce canal ? Ses publications restent.",
  "channels.none": "Aucun canal pour l'instant.",
  "health.new": "Nouveau",
  "health.ok": "En bonne santé",
  "health.retrying": "Nouvel essai",
  "health.error": "À vérifier",
  "members.title": "Membres et rôles",
  "members.invite": "Inviter quelqu'un",
  "members.email": "Adresse e-mail",
  "members.role": "Rôle",
  "members.remove": "Retirer",
  "members.invited": "Invitation créée. Envoyez ce lien à la personne (valable une fois, 72 heures) :",
  "members.you": "vous",
  "members.admin_note": "Vous gérez cet espace en tant qu'administrateur de tribu, sans en être membre.",
  "role.owner": "Propriétaire",
  "role.manager": "Responsable",
  "role.community_manager": "Community manager",
  "role.approver": "Valideur",
  "role.analyst": "Analyste",
  "role.client": "Client (lecture seule)",
  "audit.title": "Journal d'audit",
  "audit.when": "Quand",
  "audit.who": "Qui",
  "audit.what": "Quoi",
  "audit.change": "Changement",
  "audit.before": "Avant",
  "audit.after": "Après",
  "audit.none": "Rien n'a encore changé.",
  "account.title": "Mon compte",
  "account.name": "Nom affiché",
  "account.tz": "Fuseau horaire",
  "account.current_password": "Mot de passe actuel",
  "account.new_password": "Nouveau mot de passe",
  "account.save": "Enregistrer",
  "account.signout_everywhere": "Se déconnecter partout",
  "account.saved": "Enregistré.",
  "common.loading": "Chargement…",
  "common.error": "Une erreur est survenue",
  "common.denied": "Votre rôle ne le permet pas.",
  "common.cancel": "Annuler",
  "common.close": "Fermer",
  "common.open_link": "Ouvrir le lien",
  "common.demo_banner": "Espace de démonstration : les données sont générées, à vous de les modifier.",
  "sentiment.negative": "négatif",
  "sentiment.neutral": "neutre",
  "sentiment.positive": "positif",
};

export type Locale = "en" | "fr";
const dictionaries: Record<Locale, Record<Key, string>> = { en, fr };

const STORAGE_KEY = "tribu.locale";

function browserLocale(): Locale {
  for (const l of navigator.languages ?? [navigator.language]) {
    if (l.toLowerCase().startsWith("fr")) return "fr";
    if (l.toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

let current: Locale = (localStorage.getItem(STORAGE_KEY) as Locale | null) ?? browserLocale();
let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function locale(): Locale {
  return current;
}

export function setLocale(l: string, remember = true): void {
  current = l === "fr" ? "fr" : "en";
  document.documentElement.lang = current;
  if (remember) localStorage.setItem(STORAGE_KEY, current);
}

export function setTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    timeZone = tz;
  } catch {
    // keep the browser's zone
  }
}

export function zone(): string {
  return timeZone;
}

export function t(key: Key): string {
  return dictionaries[current][key] ?? en[key] ?? key;
}

export function tr(key: string): string {
  return (dictionaries[current] as Record<string, string>)[key] ?? key;
}

const tag = () => (current === "fr" ? "fr-FR" : "en-GB");

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(tag()).format(n);
}

export function formatPercent(x: number): string {
  return new Intl.NumberFormat(tag(), { style: "percent", maximumFractionDigits: 0 }).format(x);
}

export function formatDateTime(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(tag(), { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

export function formatDay(d: Date): string {
  return new Intl.DateTimeFormat(tag(), { day: "numeric", month: "short", timeZone }).format(d);
}

export function formatHour(d: Date): string {
  return new Intl.DateTimeFormat(tag(), { hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}

setLocale(current, false);
