// End-to-end tests of the web UI: Debian's chromium, headless, driven by
// playwright-core, against a `tribu serve` started here on a free port with a
// fresh database holding the demo workspace.
//
//   E2E_TRIBU_BINARY=build/dev/bin/tribu node --test web/e2e/
// Screenshots of the main pages go to $E2E_SCREENSHOTS (default
// web/test-results/screenshots).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const binary = resolve(process.env.E2E_TRIBU_BINARY ?? join(here, "../../build/dev/bin/tribu"));
const chromiumPath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const shots = resolve(process.env.E2E_SCREENSHOTS ?? join(here, "../test-results/screenshots"));
mkdirSync(shots, { recursive: true });

const PASSWORD = "un mot de passe solide";
let dataDir, server, base, setupPath, browser;

function tribu(...args) {
  const r = spawnSync(binary, [...args, "--data-dir", dataDir], { encoding: "utf8" });
  assert.equal(r.status, 0, `tribu ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

async function startServer() {
  server = spawn(binary, ["serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir, "--set", "auth.demo_login=true"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  server.stderr.on("data", (d) => (err += d));
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error("tribu serve did not start: " + err)), 20000);
    server.stdout.on("data", (d) => {
      out += d;
      const port = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const setup = out.match(/(\/#\/setup\/[A-Za-z0-9_-]+)/);
      if (port && setup) {
        base = port[1];
        setupPath = setup[1];
        clearTimeout(timer);
        resolveStart();
      }
    });
    server.on("exit", (code) => reject(new Error(`tribu serve exited (${code}): ${err}`)));
  });
}

// A page that fails the test on any script error or dialog (an XSS would open one).
async function newPage(context) {
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw new Error("script error in the page: " + e.message);
  });
  page.on("dialog", async (d) => {
    if (d.type() === "confirm") return d.accept();
    throw new Error("unexpected dialog: " + d.message());
  });
  return page;
}

async function newContext(options = {}) {
  const context = await browser.newContext({ locale: "en-GB", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 900 }, ...options });
  // Generous: the tests also run against a sanitizer build, several times slower.
  context.setDefaultTimeout(60000);
  return context;
}

async function signIn(page, email, password) {
  await page.goto(base + "/#/login");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("heading", { name: "Listening dashboard" }).waitFor();
}

// The session's CSRF token, read as the UI reads it.
async function csrf(page) {
  return page.evaluate(async () => (await (await fetch("/api/auth/me")).json()).csrf_token);
}

// Calls the API from inside the page, with its cookie and CSRF token.
async function apiFrom(page, method, path, body) {
  const token = await csrf(page);
  return page.evaluate(
    async ([m, p, b, tok]) => {
      const r = await fetch(p, { method: m, headers: { "Content-Type": "application/json", "X-CSRF-Token": tok }, body: b ? JSON.stringify(b) : undefined });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
    [method, path, body, token],
  );
}

// Posts through a webhook channel, signed as a sender would sign them.
async function sendToWebhook(channelId, secret, posts) {
  const body = JSON.stringify({ posts });
  const t = Math.floor(Date.now() / 1000);
  const sig = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  const r = await fetch(`${base}/api/hooks/${channelId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Tribu-Signature": `t=${t},v1=${sig}` },
    body,
  });
  assert.equal(r.status, 202, await r.text());
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "tribu-e2e-"));
  tribu("demo", "--posts", "3000");
  await startServer();
  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("tribu web UI", () => {
  let admin; // the owner's browser context, signed in
  let adminPage;
  let webhook; // { id, secret }

  test("the setup link creates the owner, who lands on the dashboard", async () => {
    admin = await newContext();
    adminPage = await newPage(admin);
    await adminPage.goto(base + setupPath);
    await adminPage.getByRole("heading", { name: "Create the owner's account" }).waitFor();
    await adminPage.getByLabel("Your name").fill("Camille Martin");
    await adminPage.getByLabel("E-mail address").fill("camille@agence.fr");
    await adminPage.getByLabel("Password").fill(PASSWORD);
    await adminPage.getByRole("button", { name: "Create the account" }).click();
    await adminPage.getByRole("heading", { name: "Listening dashboard" }).waitFor();
    const total = await adminPage.locator('[data-kpi="total"]').textContent();
    assert.ok(Number(total.replace(/\D/g, "")) > 0, "the dashboard counts mentions: " + total);
    await adminPage.locator(".chart canvas").first().waitFor();
    // Share of voice names the brand and its competitors.
    const sov = await adminPage.getByRole("region", { name: "Share of voice" }).textContent();
    assert.match(sov, /Velora/);
    assert.match(sov, /Competitor/);
    await adminPage.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
    // The setup link works once.
    const again = await fetch(base + "/api/auth/setup", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: setupPath.split("/").pop(), email: "x@y.fr", password: PASSWORD }),
    });
    assert.equal(again.status, 404);
  });

  test("a topic is checked as it is typed, then its matches arrive live", async () => {
    await adminPage.getByRole("link", { name: "Topics" }).click();
    await adminPage.getByRole("link", { name: "+ New topic" }).click();
    // The new topic's empty form, not the first topic's editor it replaces
    // (a slow build renders the old one a moment longer).
    await adminPage.waitForFunction(() => {
      const label = [...document.querySelectorAll("label")].find((l) => l.textContent === "Name");
      const input = label && document.getElementById(label.htmlFor);
      return location.hash.endsWith("/topics/new") && input && input.value === "";
    });
    await adminPage.getByLabel("Name").fill("Cadenas");
    const query = adminPage.getByLabel("Query");
    await query.fill('cadenas AND (');
    await adminPage.getByText("Not valid yet").waitFor();
    await query.fill('cadenas OR "antivol connecté"');
    await adminPage.getByText("Valid query").waitFor();
    assert.match(await adminPage.locator(".query-check").textContent(), /Reads as/);
    await adminPage.screenshot({ path: join(shots, "topic-editor.png"), fullPage: true });
    await adminPage.getByRole("button", { name: "Create topic" }).click();
    // Saved (the stored posts re-matched), the editor shows the new topic; or an error.
    const created = adminPage.locator('.topic-list a[aria-current="page"]', { hasText: "Cadenas" });
    await created.or(adminPage.locator(".error")).first().waitFor();
    assert.equal(await adminPage.locator(".error").count(), 0, await adminPage.locator("main").textContent());
    const topicId = (await created.getAttribute("href")).split("/").pop();

    // A webhook channel, made through the API with the page's session.
    const made = await apiFrom(adminPage, "POST", "/api/workspaces/demo/channels", {
      platform: "webhook",
      name: "Forum e2e",
      config: { platform: "forum" },
      secret: "e2e-secret",
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    webhook = { id: made.body.id, secret: "e2e-secret" };

    await adminPage.goto(`${base}/#/w/demo?range=24h&topic=${topicId}`);
    await adminPage.getByText("Live", { exact: true }).waitFor();
    await sendToWebhook(webhook.id, webhook.secret, [
      { id: "live-1", text: "Mon cadenas Velora a été forcé devant la gare", author: "cycliste_lyon", lang: "fr" },
    ]);
    const live = adminPage.locator(".live-list .post").first();
    await live.waitFor({ timeout: 15000 });
    assert.match(await live.textContent(), /cadenas Velora a été forcé/);
  });

  test("search finds posts with accents or without, and filters them", async () => {
    await adminPage.getByRole("link", { name: "Search" }).click();
    await adminPage.getByRole("searchbox").fill("cafe");
    await adminPage.getByLabel("Language", { exact: true }).selectOption("fr");
    await adminPage.getByRole("button", { name: "Search", exact: true }).click();
    // The page first lists the newest posts; wait for the search's own results.
    await adminPage.waitForFunction(() => location.hash.includes("q=cafe") && location.hash.includes("lang=fr"));
    const first = adminPage.locator(".results .post").first();
    await first.waitFor();
    const texts = await adminPage.locator(".results .post p").allTextContents();
    assert.ok(texts.length > 0);
    for (const text of texts) assert.match(text, /caf[ée]/i);
    const langs = await adminPage.locator(".results .lang-tag").allTextContents();
    assert.ok(langs.every((l) => l === "fr"), langs.join(","));
    await adminPage.screenshot({ path: join(shots, "search.png"), fullPage: false });
  });

  test("a member made client loses the right to edit topics", async () => {
    await adminPage.getByRole("link", { name: "Members" }).click();
    await adminPage.getByLabel("E-mail address").fill("analyste@agence.fr");
    await adminPage.getByLabel("Role", { exact: true }).selectOption("analyst");
    await adminPage.getByRole("button", { name: "Invite someone" }).click();
    const link = await adminPage.locator(".invite-link").textContent();
    assert.match(link, /#\/invitation\//);

    const analystContext = await newContext();
    const analyst = await newPage(analystContext);
    await analyst.goto(link);
    await analyst.getByLabel("Password").fill("le mot de passe de l'analyste");
    await analyst.getByRole("button", { name: "Set my password" }).click();
    await analyst.getByRole("heading", { name: "Listening dashboard" }).waitFor();
    await analyst.getByRole("link", { name: "Topics" }).click();
    await analyst.getByRole("link", { name: "+ New topic" }).waitFor();
    // No audit log for an analyst.
    assert.equal(await analyst.getByRole("link", { name: "Audit log" }).count(), 0);

    await adminPage.reload();
    await adminPage.getByLabel("Role — analyste@agence.fr").selectOption("client");
    await adminPage.getByText("→ Client (read-only)").waitFor();
    await adminPage.screenshot({ path: join(shots, "members.png"), fullPage: true });

    await analyst.reload();
    await analyst.getByText("Your role lets you read topics, not change them.").waitFor();
    assert.equal(await analyst.getByRole("link", { name: "+ New topic" }).count(), 0);
    const denied = await apiFrom(analyst, "POST", "/api/workspaces/demo/topics", { name: "Interdit", query: "velora" });
    assert.equal(denied.status, 403);
    assert.equal(denied.body.error.code, "permission_denied");
    await analystContext.close();
  });

  test("hostile posts are shown as text: nothing runs, links are not followed, RTL stays put", async () => {
    await sendToWebhook(webhook.id, webhook.secret, [
      { id: "xss-1", text: "<script>window.__xss = 1</script> piège velora", author: "attaquant", lang: "fr" },
      { id: "xss-2", text: '<img src=x onerror="window.__xss = 2"> piège velora', author: "attaquant", lang: "fr" },
      {
        id: "xss-3",
        text: "lien piège velora",
        author: "attaquant",
        url: "javascript:window.__xss = 3",
        lang: "fr",
      },
      { id: "xss-4", text: "piège velora \u202Egnp.exe", author: "\u202Eevil\u202C name", lang: "fr" },
      { id: "xss-5", text: "<svg onload=\"window.__xss=5\"></svg> piège velora", author: "<b onmouseover=alert(1)>x</b>", lang: "fr" },
    ]);
    await adminPage.goto(base + "/#/w/demo/search?q=pi%C3%A8ge");
    const posts = adminPage.locator(".results .post");
    await posts.first().waitFor();
    assert.equal(await posts.count(), 5);
    // Shown as written, as text.
    const text = await adminPage.locator(".results").textContent();
    assert.match(text, /<script>window.__xss = 1<\/script>/);
    assert.match(text, /<img src=x onerror=/);
    // Nothing ran, no element was made from a post.
    assert.equal(await adminPage.evaluate(() => window.__xss), undefined);
    assert.equal(await adminPage.locator(".results script, .results img, .results svg, .results b").count(), 0);
    // A javascript: link is not a link.
    assert.equal(await adminPage.locator('.results a[href^="javascript"]').count(), 0);
    // Direction overrides cannot disguise a file name or a person: shown, not obeyed.
    assert.match(text, /piège velora ⁞gnp\.exe/);
    assert.match(text, /⁞evil⁞ name/);
    assert.doesNotMatch(text, /[\u202A-\u202E]/);
    // Text from strangers is isolated from the page's direction.
    const isolated = await adminPage.locator(".results .post bdi.user-text").count();
    assert.ok(isolated >= 10, "authors and texts are in <bdi>: " + isolated);
    await adminPage.locator(".results .post").first().hover();
    assert.equal(await adminPage.evaluate(() => window.__xss), undefined);
    await adminPage.screenshot({ path: join(shots, "hostile-posts.png"), fullPage: false });
  });

  test("channels are added in the UI, with their secret kept out of sight", async () => {
    await adminPage.goto(base + "/#/w/demo/channels");
    await adminPage.getByLabel("Platform", { exact: true }).selectOption("mastodon");
    await adminPage.getByLabel("Name", { exact: true }).fill("Mentions Mastodon");
    await adminPage.getByLabel("Server").fill("http://127.0.0.1:9");
    await adminPage.getByLabel("What to follow").selectOption("mentions");
    await adminPage.getByLabel("Access token").fill("tok-e2e-very-secret");
    await adminPage.getByRole("button", { name: "Add a channel" }).click();
    const row = adminPage.getByRole("row", { name: /Mentions Mastodon/ });
    await row.waitFor();
    assert.match(await row.textContent(), /mastodon/);
    assert.doesNotMatch(await adminPage.content(), /tok-e2e-very-secret/);
    const listed = await apiFrom(adminPage, "GET", "/api/workspaces/demo/channels");
    assert.doesNotMatch(JSON.stringify(listed.body), /tok-e2e-very-secret/);
    await adminPage.screenshot({ path: join(shots, "channels.png"), fullPage: true });
  });

  test("the audit log shows who changed what", async () => {
    await adminPage.goto(base + "/#/w/demo/audit");
    const entries = adminPage.locator(".audit-entry");
    await entries.first().waitFor();
    const all = (await entries.allTextContents()).join("\n");
    assert.match(all, /camille@agence\.fr/);
    assert.match(all, /\/api\/workspaces\/demo\/members/);
    assert.match(all, /\/api\/workspaces\/demo\/topics/);
    await entries.first().locator("summary").click();
    await adminPage.screenshot({ path: join(shots, "audit.png"), fullPage: false });
  });

  test("alerts: the demo's crisis with its evidence, handled; a risky post raises one live", async () => {
    await adminPage.goto(base + "/#/w/demo/alerts?state=all");
    const rows = adminPage.locator(".alert-row");
    await rows.first().waitFor();
    const critical = rows.filter({ hasText: "Critical" }).filter({ hasText: "Volume spike" });
    assert.ok((await critical.count()) >= 1, "the demo's crisis is a critical volume spike");
    await adminPage.screenshot({ path: join(shots, "alerts.png"), fullPage: false });

    // Its page: what fired against what is usual, the chart, the posts, the history.
    await critical.first().getByRole("link").click();
    await adminPage.locator("[data-figure]").waitFor();
    assert.match(await adminPage.locator("[data-figure]").textContent(), /usual/);
    assert.ok((await adminPage.locator(".post").count()) >= 3, "evidence posts");
    await adminPage.locator(".uplot").waitFor();
    assert.match(await adminPage.locator(".history").textContent(), /Opened/);
    await adminPage.screenshot({ path: join(shots, "alert.png"), fullPage: false });
    // Resolved alerts (the demo's past) can be reopened, then acknowledged.
    await adminPage.getByRole("button", { name: "Reopen" }).click();
    await adminPage.getByRole("button", { name: "Acknowledge" }).click();
    await adminPage.locator(".page-head .state.acknowledged").waitFor();
    await adminPage.getByLabel("Resolution note").fill("Communiqué publié, rappel annoncé");
    await adminPage.getByRole("button", { name: "Resolve" }).click();
    await adminPage.locator(".page-head .state.resolved").waitFor();
    assert.match(await adminPage.locator(".history").textContent(), /Acknowledged[\s\S]*Resolved/);

    // A destination, tested from the UI, signed.
    const received = [];
    const peer = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.end("ok");
      });
    });
    await new Promise((r) => peer.listen(0, "127.0.0.1", r));
    try {
      await adminPage.goto(base + "/#/w/demo/alerts");
      await adminPage.getByLabel("Kind").selectOption("webhook");
      const form = adminPage.getByRole("form", { name: "Add a destination" });
      await form.getByLabel("Name", { exact: true }).fill("Outil interne");
      await form.getByLabel("Webhook URL").fill(`http://127.0.0.1:${peer.address().port}/hook-secret-path`);
      await form.getByLabel("Signing secret").fill("e2e-signing");
      await form.getByRole("button", { name: "Add a destination" }).click();
      const row = adminPage.getByRole("row", { name: /Outil interne/ });
      await row.waitFor();
      assert.doesNotMatch(await adminPage.content(), /hook-secret-path|e2e-signing/);
      await row.getByRole("button", { name: "Send a test" }).click();
      await row.getByText("Test sent.").waitFor();
      assert.equal(received.length, 1);
      assert.match(received[0].headers["x-tribu-signature"], /^t=\d+,v1=[0-9a-f]{64}$/);
      assert.equal(JSON.parse(received[0].body).event, "test");
    } finally {
      peer.close();
    }

    // Live: a legal threat from a large account arrives while the list is open.
    await adminPage.goto(base + "/#/w/demo/alerts");
    await adminPage.locator(".live-status.on").waitFor();
    const before = await adminPage.locator(".alert-row").count();
    await sendToWebhook(webhook.id, webhook.secret, [
      { id: "e2e-threat", text: "Je vais porter plainte contre Velora, batterie en feu, scandale", lang: "fr", author: { handle: "@grand_media", followers: 420000 } },
    ]);
    await adminPage.locator(".alert-row.fresh").waitFor();
    assert.ok((await adminPage.locator(".alert-row").count()) > before || before > 0);
    assert.match(await adminPage.locator(".alert-row.fresh").first().textContent(), /Risky post|Influential author/);
  });

  test("the UI speaks French, with French dates and numbers, and works on a phone", async () => {
    const context = await newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await newPage(context);
    await page.goto(base + "/#/login");
    await page.getByRole("heading", { name: "Connexion" }).waitFor();
    await page.getByRole("button", { name: "Essayer la démo" }).click();
    await page.getByRole("heading", { name: "Tableau de bord de veille" }).waitFor();
    const total = await page.locator('[data-kpi="total"]').textContent();
    assert.match(total, /^\d{1,3}(\u202f\d{3})*$|^\d+$/, "French digit grouping: " + JSON.stringify(total));
    // The menu folds behind a button on a phone, and opens with it.
    const toggle = page.getByRole("button", { name: "Menu" });
    assert.equal(await toggle.getAttribute("aria-expanded"), "false");
    await toggle.click();
    await page.getByRole("link", { name: "Recherche" }).click();
    await page.getByRole("heading", { name: "Recherche" }).waitFor();
    await page.screenshot({ path: join(shots, "phone-search-fr.png"), fullPage: false });
    // Back to English by the switch; the choice holds.
    await page.getByLabel("Langue de l'interface").selectOption("en");
    await page.getByRole("heading", { name: "Search" }).waitFor();
    await context.close();
  });

  test("signing out ends the session", async () => {
    await adminPage.goto(base + "/#/w/demo");
    await adminPage.getByRole("button", { name: "Sign out" }).click();
    await adminPage.getByRole("heading", { name: "Sign in" }).waitFor();
    const me = await adminPage.evaluate(async () => (await fetch("/api/auth/me")).status);
    assert.equal(me, 401);
    await signIn(adminPage, "camille@agence.fr", PASSWORD);
    await admin.close();
  });
});
