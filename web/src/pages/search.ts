// Full-text search with filters, newest first, paged.
import { get, Post, query, Topic } from "../api";
import { errorBox, state } from "../app";
import { clear, field, h, select } from "../dom";
import { t, tr } from "../i18n";
import { postCard } from "../posts";

const PLATFORMS = ["rss", "mastodon", "bluesky", "reddit", "webhook", "x", "facebook", "instagram", "linkedin", "tiktok", "youtube", "forum", "news", "blog"];

export async function searchPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug);
  const topics = (await get<{ topics: Topic[] }>(base + "/topics")).topics;
  const topicMap = new Map(topics.map((tp) => [tp.id, tp]));
  const q = h("input", { type: "search", value: params.get("q") ?? "", placeholder: t("search.q") });
  const topic = select([["", t("search.any")], ...topics.map((tp) => [String(tp.id), tp.name] as [string, string])], params.get("topic") ?? "");
  const platform = select([["", t("search.any")], ...PLATFORMS.map((p) => [p, p] as [string, string])], params.get("platform") ?? "");
  const lang = select([["", t("search.any")], ["fr", "Français"], ["en", "English"]], params.get("lang") ?? "");
  const sentiment = select([["", t("search.any")], ...["negative", "neutral", "positive"].map((s) => [s, tr("sentiment." + s)] as [string, string])], params.get("sentiment") ?? "");
  const author = h("input", { type: "text", value: params.get("author") ?? "" });
  const since = h("input", { type: "date", value: params.get("since") ?? "" });
  const until = h("input", { type: "date", value: params.get("until") ?? "" });
  const results = h("div", { class: "results", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "card search-form", role: "search" },
    field(t("search.title"), q),
    h("div", { class: "row wrap" }, field(t("dash.topic"), topic), field(t("search.platform"), platform), field(t("search.lang"), lang), field(t("search.sentiment"), sentiment), field(t("search.author"), author), field(t("search.since"), since), field(t("search.until"), until)),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("search.submit"))),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash =
      "#/w/" + encodeURIComponent(ws.slug) + "/search" +
      query({ q: q.value, topic: topic.value, platform: platform.value, lang: lang.value, sentiment: sentiment.value, author: author.value, since: since.value, until: until.value });
  });
  clear(main);
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("search.title"))), form, results);

  let cursor: string | null = null;
  let shown = 0;
  const more = h("button", { type: "button" }, t("search.more"));
  const load = async () => {
    more.remove();
    try {
      const page = await get<{ posts: Post[]; next_cursor: string | null }>(
        base + "/posts" +
          query({
            q: params.get("q"),
            topic: params.get("topic"),
            platform: params.get("platform"),
            lang: params.get("lang"),
            author: params.get("author"),
            sentiment: params.get("sentiment"),
            since: params.get("since"),
            until: params.get("until") ? params.get("until") + "T23:59:59Z" : null,
            limit: 50,
            cursor,
          }),
      );
      for (const p of page.posts) {
        results.append(postCard(p, topicMap));
        ++shown;
      }
      cursor = page.next_cursor;
      if (cursor) results.append(more);
      else if (!shown) results.append(h("p", { class: "muted" }, t("search.none")));
    } catch (e) {
      results.append(errorBox(e));
    }
  };
  more.addEventListener("click", () => void load());
  await load();
}
