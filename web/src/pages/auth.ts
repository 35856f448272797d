// Signing in, the first owner's setup, accepting an invitation, one's account.
import { get, patch, post, setCsrfToken } from "../api";
import { errorBox, languageSwitch, loadMe, state } from "../app";
import { clear, field, h } from "../dom";
import { t, zone } from "../i18n";

function authShell(root: HTMLElement, title: string, rerender: () => void): HTMLElement {
  clear(root);
  const box = h("div", { class: "auth-box card" });
  root.append(
    h(
      "main",
      { class: "auth", id: "main" },
      h("div", { class: "auth-head" }, h("div", { class: "brand big" }, "tribu"), languageSwitch(rerender)),
      h("p", { class: "tagline" }, t("app.tagline")),
      box,
    ),
  );
  box.append(h("h1", {}, title));
  return box;
}

async function signedIn(me: { csrf_token?: string }): Promise<void> {
  if (me.csrf_token) setCsrfToken(me.csrf_token);
  await loadMe();
  const first = state.me?.workspaces[0];
  location.hash = first ? "#/w/" + encodeURIComponent(first.slug) : "#/account";
}

export async function loginPage(root: HTMLElement, rerender: () => void): Promise<void> {
  const options = await get<{ setup_needed: boolean; demo_login: boolean }>("/api/auth/options").catch(() => ({ setup_needed: false, demo_login: false }));
  const box = authShell(root, t("login.title"), rerender);
  const email = h("input", { type: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", autocomplete: "current-password", required: true });
  const status = h("div", { role: "alert" });
  const form = h(
    "form",
    {},
    field(t("login.email"), email),
    field(t("login.password"), password),
    status,
    h("button", { type: "submit", class: "primary wide" }, t("login.submit")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(status);
    try {
      await signedIn(await post("/api/auth/login", { email: email.value, password: password.value }));
    } catch (err) {
      status.append(errorBox(err));
      password.focus();
    }
  });
  box.append(form);
  if (options.setup_needed) box.append(h("p", { class: "notice" }, t("login.setup_needed")));
  if (options.demo_login) {
    const demo = h("button", { type: "button", class: "wide demo" }, t("login.demo"));
    demo.addEventListener("click", async () => {
      try {
        await signedIn(await post("/api/auth/demo"));
      } catch (err) {
        status.append(errorBox(err));
      }
    });
    box.append(h("div", { class: "or" }), demo, h("p", { class: "hint" }, t("login.demo.hint")));
  }
  email.focus();
}

export function setupPage(root: HTMLElement, token: string, invitation: boolean, rerender: () => void): void {
  const box = authShell(root, invitation ? t("invitation.title") : t("setup.title"), rerender);
  const name = h("input", { type: "text", autocomplete: "name" });
  const email = h("input", { type: "email", autocomplete: "username", required: true });
  const password = h("input", { type: "password", autocomplete: "new-password", required: true, minlength: 10 });
  const status = h("div", { role: "alert" });
  const form = h(
    "form",
    {},
    field(t("setup.name"), name),
    invitation ? null : field(t("login.email"), email),
    field(t("login.password"), password, t("password.hint")),
    status,
    h("button", { type: "submit", class: "primary wide" }, invitation ? t("invitation.submit") : t("setup.submit")),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(status);
    try {
      const me = invitation
        ? await post("/api/auth/invitation", { token, password: password.value, display_name: name.value })
        : await post("/api/auth/setup", {
            token,
            email: email.value,
            password: password.value,
            display_name: name.value,
            locale: document.documentElement.lang === "fr" ? "fr" : "en",
            time_zone: zone(),
          });
      await signedIn(me);
    } catch (err) {
      status.append(errorBox(err));
    }
  });
  box.append(form);
}

export function accountPage(main: HTMLElement, rerender: () => void): void {
  const user = state.me!.user!;
  clear(main);
  const name = h("input", { type: "text", value: user.display_name });
  const locale = h("select", {}, h("option", { value: "en" }, "English"), h("option", { value: "fr" }, "Français"));
  locale.value = user.locale;
  const tz = h("input", { type: "text", value: user.time_zone, list: "zones" });
  const zones = h("datalist", { id: "zones" });
  for (const z of (Intl as any).supportedValuesOf?.("timeZone") ?? []) zones.append(h("option", { value: z }));
  const current = h("input", { type: "password", autocomplete: "current-password" });
  const next = h("input", { type: "password", autocomplete: "new-password", minlength: 10 });
  const status = h("div", { role: "status" });
  const form = h(
    "form",
    { class: "card narrow" },
    field(t("account.name"), name),
    field(t("lang.label"), locale),
    field(t("account.tz"), tz),
    zones,
    field(t("account.current_password"), current),
    field(t("account.new_password"), next, t("password.hint")),
    status,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, t("account.save"))),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(status);
    const body: Record<string, string> = { display_name: name.value, locale: locale.value, time_zone: tz.value };
    if (next.value) {
      body.current_password = current.value;
      body.new_password = next.value;
    }
    try {
      await patch("/api/auth/me", body);
      await loadMe();
      rerender();
    } catch (err) {
      status.append(errorBox(err));
    }
  });
  const everywhere = h("button", { type: "button", class: "danger" }, t("account.signout_everywhere"));
  everywhere.addEventListener("click", async () => {
    await post("/api/auth/logout-everywhere");
    state.me = null;
    location.hash = "#/login";
  });
  main.append(h("div", { class: "page-head" }, h("h1", {}, t("account.title"))), form, h("div", { class: "card narrow" }, everywhere));
}
