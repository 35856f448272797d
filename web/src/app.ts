// Who is signed in, the workspace shown, and the page shell around each page.
import { get, Me, post, Workspace } from "./api";
import { clear, h, nav, select } from "./dom";
import { locale, setLocale, setTimeZone, t } from "./i18n";

export const state: { me: Me | null; workspace: Workspace | null } = { me: null, workspace: null };

export async function loadMe(): Promise<Me | null> {
  try {
    const me = await get<Me>("/api/auth/me");
    state.me = me;
    // A person's own settings win; the shared demo account keeps the browser's.
    if (me.user && !me.demo) {
      setLocale(me.user.locale, false);
      setTimeZone(me.user.time_zone);
    }
    return me;
  } catch {
    state.me = null;
    return null;
  }
}

export function can(permission: string): boolean {
  return state.workspace?.permissions.includes(permission) ?? false;
}

export function languageSwitch(onChange: () => void): HTMLElement {
  const s = select(
    [
      ["en", "English"],
      ["fr", "Français"],
    ],
    locale(),
    { "aria-label": t("lang.label"), class: "lang" },
  );
  s.addEventListener("change", () => {
    setLocale(s.value);
    onChange();
  });
  return s;
}

const pages: Array<[string, Parameters<typeof t>[0], string | null]> = [
  ["", "nav.dashboard", null],
  ["/alerts", "nav.alerts", null],
  ["/topics", "nav.topics", null],
  ["/search", "nav.search", null],
  ["/channels", "nav.channels", null],
  ["/members", "nav.members", null],
  ["/audit", "nav.audit", "read_audit"],
];

// The shell: header with the workspace switcher, navigation and account
// menu; returns the element the page fills.
export function shell(root: HTMLElement, active: string, rerender: () => void): HTMLElement {
  clear(root);
  const me = state.me!;
  const ws = state.workspace;
  const wsSelect = select(
    me.workspaces.map((w) => [w.slug, w.name] as [string, string]),
    ws?.slug ?? "",
    { "aria-label": t("nav.workspace"), class: "workspace-switch" },
  );
  wsSelect.addEventListener("change", () => {
    location.hash = "#/w/" + encodeURIComponent(wsSelect.value);
  });
  const links = h("ul", { class: "nav-links", id: "nav-links" });
  if (ws) {
    for (const [path, label, needs] of pages) {
      if (needs && !ws.permissions.includes(needs)) continue;
      const a = nav("/w/" + encodeURIComponent(ws.slug) + path, t(label));
      if (path === active) a.setAttribute("aria-current", "page");
      links.appendChild(h("li", {}, a));
    }
  }
  const toggle = h("button", { class: "nav-toggle", "aria-controls": "nav-links", "aria-expanded": "false" }, t("nav.menu"));
  toggle.addEventListener("click", () => {
    const open = links.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  });
  const signOut = h("button", { class: "link-button" }, t("nav.signout"));
  signOut.addEventListener("click", async () => {
    try {
      await post("/api/auth/logout");
    } finally {
      state.me = null;
      location.hash = "#/login";
    }
  });
  const name = me.user?.display_name || me.user?.email || "";
  const header = h(
    "header",
    { class: "topbar" },
    h("a", { class: "brand", "aria-label": "tribu" }, "tribu"),
    wsSelect,
    toggle,
    h("nav", { "aria-label": t("nav.menu") }, links),
    h(
      "div",
      { class: "account" },
      languageSwitch(rerender),
      nav("/account", h("bdi", {}, name)),
      signOut,
    ),
  );
  (header.querySelector(".brand") as HTMLAnchorElement).href = ws ? "#/w/" + encodeURIComponent(ws.slug) : "#/";
  const main = h("main", { id: "main", tabindex: "-1" });
  root.appendChild(h("a", { class: "skip" }, t("nav.skip")));
  (root.lastChild as HTMLAnchorElement).href = "#main";
  (root.lastChild as HTMLAnchorElement).addEventListener("click", (e) => {
    e.preventDefault();
    main.focus();
  });
  root.appendChild(header);
  if (me.demo) root.appendChild(h("div", { class: "banner", role: "note" }, t("common.demo_banner")));
  root.appendChild(main);
  return main;
}

export function errorBox(err: unknown): HTMLElement {
  const message = err instanceof Error ? err.message : String(err);
  return h("div", { class: "error", role: "alert" }, t("common.error") + " — ", h("bdi", {}, message));
}
