// A post as the UI shows it. Everything in it was written by a stranger:
// text nodes only, isolated direction, links shown and followed on click only.
import { Post, Topic } from "./api";
import { externalLink, h, userText } from "./dom";
import { formatDateTime, formatNumber, t, tr } from "./i18n";

export function sentimentLabel(score: number | null): "negative" | "neutral" | "positive" | null {
  if (score === null || score === undefined) return null;
  if (score <= -0.25) return "negative";
  if (score >= 0.25) return "positive";
  return "neutral";
}

export function postCard(p: Post, topics: Map<number, Topic> = new Map(), fresh = false): HTMLElement {
  const label = sentimentLabel(p.sentiment);
  const author = h(
    "div",
    { class: "post-author" },
    userText(p.author.display_name || p.author.handle),
    " ",
    h("span", { class: "muted" }, userText(p.author.handle)),
    p.author.followers ? h("span", { class: "muted" }, " · " + formatNumber(p.author.followers) + " " + t("dash.followers")) : null,
  );
  const meta = h(
    "div",
    { class: "post-meta" },
    h("span", { class: "platform" }, p.platform),
    h("time", { datetime: p.published_at }, formatDateTime(p.published_at)),
    p.lang && p.lang !== "und" ? h("span", { class: "lang-tag" }, p.lang) : null,
    label ? h("span", { class: "sentiment " + label }, tr("sentiment." + label)) : null,
  );
  const chips = h("div", { class: "chips" });
  for (const id of p.topics ?? []) {
    const topic = topics.get(id);
    if (topic) chips.appendChild(h("span", { class: "chip" }, userText(topic.name)));
  }
  return h(
    "article",
    { class: "post" + (fresh ? " fresh" : ""), "data-post-id": p.id },
    author,
    meta,
    userText(p.text, "p"),
    chips.childNodes.length ? chips : null,
    p.url ? h("div", { class: "post-link" }, externalLink(p.url)) : null,
  );
}
