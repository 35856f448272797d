// Topics: the listening queries. The editor checks the query as it is typed,
// explains how it reads, and previews the stored posts it would match.
import { ApiError, del, get, patch, post, Post, query, Topic } from "../api";
import { can, errorBox, state } from "../app";
import { append, clear, field, h, nav, select, userText } from "../dom";
import { formatNumber, t, tr } from "../i18n";
import { postCard } from "../posts";

const KINDS = ["brand", "competitor", "product", "campaign", "other"];

function debounce(fn: () => void, ms: number): () => void {
  let timer: number | undefined;
  return () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(fn, ms);
  };
}

export async function topicsPage(main: HTMLElement, id: string | null): Promise<void> {
  const ws = state.workspace!;
  const base = "/api/workspaces/" + encodeURIComponent(ws.slug);
  const topics = (await get<{ topics: Topic[] }>(base + "/topics")).topics;
  clear(main);
  const editable = can("edit_topics");
  const list = h("ul", { class: "topic-list" });
  for (const tp of topics) {
    const a = nav("/w/" + encodeURIComponent(ws.slug) + "/topics/" + tp.id, userText(tp.name));
    if (String(tp.id) === id) a.setAttribute("aria-current", "page");
    const dot = h("span", { class: "dot", "aria-hidden": "true" });
    if (/^#[0-9a-fA-F]{6}$/.test(tp.color)) dot.style.background = tp.color;
    list.appendChild(h("li", {}, dot, a, h("span", { class: "muted" }, " " + tr("topics.kind." + tp.kind))));
  }
  const newLink = editable ? nav("/w/" + encodeURIComponent(ws.slug) + "/topics/new", "+ " + t("topics.new")) : null;
  if (newLink) newLink.className = "button";
  const editor = h("div", { class: "topic-editor" });
  main.append(
    h("div", { class: "page-head" }, h("h1", {}, t("topics.title")), newLink),
    h("div", { class: "split" }, h("aside", { class: "card" }, list), editor),
  );
  const current = id === "new" ? null : topics.find((tp) => String(tp.id) === id) ?? topics[0] ?? null;
  if (id === "new" && !editable) return;
  if (!current && id !== "new") return;
  renderEditor(editor, base, current, editable, new Map(topics.map((tp) => [tp.id, tp])));
}

function renderEditor(editor: HTMLElement, base: string, topic: Topic | null, editable: boolean, topics: Map<number, Topic>): void {
  const ws = state.workspace!;
  const name = h("input", { type: "text", required: true, maxlength: 120, value: topic?.name ?? "" });
  const queryInput = h("textarea", { rows: 3, required: true, spellcheck: "false" });
  queryInput.value = topic?.query ?? "";
  const kind = select(KINDS.map((k) => [k, tr("topics.kind." + k)] as [string, string]), topic?.kind ?? "brand");
  const color = h("input", { type: "color", value: /^#[0-9a-fA-F]{6}$/.test(topic?.color ?? "") ? topic!.color : "#3b4cca" });
  for (const el of [name, queryInput, kind, color]) (el as HTMLInputElement).disabled = !editable;
  const check = h("div", { class: "query-check", role: "status", "aria-live": "polite" });
  const preview = h("div", { class: "preview" });
  const status = h("div", { role: "status", class: "status" });

  const runCheck = async () => {
    const text = queryInput.value;
    clear(check);
    if (!text.trim()) return;
    try {
      const r = await post<any>("/api/query/check", { query: text });
      if (r.valid) {
        check.className = "query-check ok";
        append(
          check,
          h("strong", {}, "✓ " + t("topics.valid")),
          h("div", {}, t("topics.reads_as") + " ", h("code", {}, userText(r.reads_as))),
          r.looks_for?.length ? h("div", {}, t("topics.looks_for") + " ", userText(r.looks_for.join(", "))) : null,
        );
      } else {
        check.className = "query-check bad";
        append(
          check,
          h("strong", {}, "✗ " + t("topics.invalid")),
          h("div", {}, h("code", {}, userText(text)), " — col. " + r.error.column + " — ", userText(r.error.message)),
          r.error.hint ? h("div", { class: "muted" }, userText(r.error.hint)) : null,
        );
      }
    } catch (e) {
      check.append(errorBox(e));
    }
  };
  const runPreview = async () => {
    if (!topic) return;
    clear(preview);
    const posts = (await get<{ posts: Post[] }>(base + "/posts" + query({ topic: topic.id, limit: 10 }))).posts;
    preview.append(h("h2", {}, t("topics.preview")));
    if (!posts.length) preview.append(h("p", { class: "muted" }, t("topics.preview.none")));
    for (const p of posts) preview.append(postCard(p, topics));
  };
  queryInput.addEventListener("input", debounce(runCheck, 250));

  const form = h(
    "form",
    { class: "card", novalidate: true },
    field(t("topics.name"), name),
    field(t("topics.query"), queryInput, t("topics.query.hint")),
    check,
    h("div", { class: "row" }, field(t("topics.kind"), kind), field(t("topics.color"), color)),
    status,
  );
  if (editable) {
    const save = h("button", { type: "submit", class: "primary" }, topic ? t("topics.save") : t("topics.create"));
    const actions = h("div", { class: "actions" }, save);
    if (topic) {
      const remove = h("button", { type: "button", class: "danger" }, t("topics.delete"));
      remove.addEventListener("click", async () => {
        if (!confirm(t("topics.delete.confirm"))) return;
        await del(base + "/topics/" + topic.id);
        location.hash = "#/w/" + encodeURIComponent(ws.slug) + "/topics";
      });
      actions.append(remove);
    }
    form.append(actions);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      clear(status);
      const body = { name: name.value, query: queryInput.value, kind: kind.value, color: color.value };
      try {
        const saved = topic ? await patch<Topic>(base + "/topics/" + topic.id, body) : await post<Topic>(base + "/topics", body);
        status.append(h("span", { class: "ok" }, t("topics.saved") + " " + formatNumber(saved.matched_posts ?? 0) + " " + t("topics.matched")));
        if (!topic) location.hash = "#/w/" + encodeURIComponent(ws.slug) + "/topics/" + saved.id;
        else {
          topic.query = saved.query;
          void runPreview();
        }
      } catch (err) {
        status.append(errorBox(err instanceof ApiError && err.status === 403 ? new Error(t("common.denied")) : err));
      }
    });
  } else {
    form.append(h("p", { class: "muted" }, t("topics.readonly")));
  }
  clear(editor);
  editor.append(form, preview);
  void runCheck();
  void runPreview();
}
