import { expect, test, type Page } from "@playwright/test";
import { grantSiteAdmin, newPerson, signOut, signUp } from "./flows";

async function submitForm(page: Page, testId: string, button: string) {
  await page.getByTestId(testId).getByRole("button", { name: button }).click();
}

test("a site admin opens a competition, its organizer sets it up with SST-2 on cpu-1t, and visitors see it safely", async ({
  browser,
  page,
}) => {
  const admin = newPerson("Ada");
  const organizer = newPerson("Olga");
  const slug = `watts-${Date.now().toString(36)}`;

  // The organizer has an account first: organizers are named by the email they signed up with.
  const organizerContext = await browser.newContext();
  const organizerPage = await organizerContext.newPage();
  await signUp(organizerPage, organizer);
  await expect(organizerPage.getByTestId("account-link")).toHaveText(organizer.email);
  // Not an organizer yet: the organizer tools do not exist for them.
  expect((await organizerPage.goto("/organize"))?.status()).toBe(404);

  await signUp(page, admin);
  await expect(page.getByTestId("account-link")).toHaveText(admin.email);
  grantSiteAdmin(admin.email);
  await page.goto("/organize");
  await page.getByLabel("Title").fill("Fewest Watts");
  await page.getByLabel("Address").fill(slug);
  await submitForm(page, "create-competition", "Create competition");
  await expect(page).toHaveURL(new RegExp(`/organize/${slug}$`));
  await page.getByLabel("Email of a signed-up user").fill(organizer.email);
  await submitForm(page, "add-organizer", "Add organizer");
  await expect(page.getByTestId("organizers")).toContainText(organizer.email);

  // A draft is invisible to visitors, whatever its address.
  await signOut(page);
  expect((await page.goto(`/competitions/${slug}`))?.status()).toBe(404);

  await organizerPage.goto(`/organize/${slug}`);
  await organizerPage
    .getByLabel("Overview (Markdown)")
    .fill("# Fewest joules wins\n\n<script>window.__pwned = true</script>\n\n[bad](javascript:alert(1)) **bold**");
  await organizerPage.getByLabel("Rules (Markdown; teams accept them to register)").fill("1. One account per person.");
  await organizerPage.getByLabel("Status").selectOption("open");
  await organizerPage.getByLabel("Visibility").selectOption("public");
  await submitForm(organizerPage, "competition-settings", "Save settings");
  await expect(organizerPage.getByTestId("competition-settings").getByRole("status")).toHaveText("Saved.");

  await organizerPage.getByLabel("Track title").fill("SST-2 on one thread");
  await organizerPage
    .getByLabel("Task", { exact: true })
    .selectOption({ label: "SST-2: sentiment of movie-review sentences (sst2)" });
  await organizerPage.getByLabel("Hardware profile").selectOption("cpu-1t");
  await organizerPage.getByLabel("Quality threshold").fill("0.8");
  // The form says that no shipped profile measures, and the organizer may still choose measured energy.
  await expect(organizerPage.getByTestId("create-track")).toContainText("Every profile here gives estimated results.");
  await organizerPage.getByLabel("Ranked energy").selectOption("measured");
  await submitForm(organizerPage, "create-track", "Add track");
  await expect(organizerPage.getByTestId("track-row")).toContainText("sst2");
  await expect(organizerPage.getByTestId("track-row")).toContainText("cpu-1t");
  await expect(organizerPage.getByTestId("track-row")).toContainText("measured");

  // A phase that ends before it starts is refused with a message; a proper one is added.
  await organizerPage.getByLabel("Name", { exact: true }).fill("Development");
  await organizerPage.getByLabel("Starts (UTC)").fill("2030-01-10T00:00");
  await organizerPage.getByLabel("Ends (UTC)").fill("2030-01-01T00:00");
  await submitForm(organizerPage, "create-phase", "Add phase");
  await expect(organizerPage.getByTestId("create-phase").getByTestId("form-error")).toContainText(
    "must end after it starts",
  );
  await organizerPage.getByLabel("Ends (UTC)").fill("2030-03-01T00:00");
  await organizerPage.getByLabel("Submissions per day").fill("5");
  await submitForm(organizerPage, "create-phase", "Add phase");
  await expect(organizerPage.getByTestId("phase-row")).toContainText("Development");

  // The competition as a file, and the track's moderation page where its settings can change.
  const exported = await organizerPage.request.get(`/organize/${slug}/export`);
  expect(exported.status()).toBe(200);
  expect(exported.headers()["content-type"]).toBe("application/zip");
  expect((await exported.body()).subarray(0, 2).toString("latin1")).toBe("PK");
  await organizerPage.getByTestId("track-row").getByRole("link", { name: "SST-2 on one thread" }).click();
  await expect(organizerPage.getByRole("heading", { name: "SST-2 on one thread" })).toBeVisible();
  await expect(organizerPage.getByLabel("Ranked energy")).toHaveValue("measured");
  await expect(organizerPage.getByTestId("edit-track")).toContainText("Results on cpu-1t are estimated.");
  await organizerPage.getByLabel("Quality threshold").fill("0.82");
  await organizerPage.getByLabel("Ranked energy").selectOption("estimated");
  await submitForm(organizerPage, "edit-track", "Save track");
  await expect(organizerPage.getByTestId("edit-track").getByRole("status")).toHaveText("Track saved.");
  await organizerPage.reload();
  await expect(organizerPage.getByLabel("Ranked energy")).toHaveValue("estimated");
  await expect(organizerPage.getByText("ranks estimated energy")).toBeVisible();
  // Organizers see the runners page with its queues.
  await organizerPage.goto("/runners");
  await expect(organizerPage.getByRole("heading", { name: "Runners" })).toBeVisible();

  // A visitor sees the competition, its track and phase; the organizer's HTML and script do not reach them.
  await page.goto("/competitions");
  await page.getByRole("link", { name: "Fewest Watts" }).first().click();
  await expect(page.getByRole("heading", { name: "Fewest joules wins" })).toBeVisible();
  await expect(page.getByTestId("competition-tracks")).toContainText("SST-2 on one thread");
  await expect(page.getByRole("table", { name: "Phases" })).toContainText("Development");
  expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
  const html = await page.content();
  expect(html).not.toContain("<script>window.__pwned");
  expect(html).not.toContain("javascript:alert");
  // Organizer tools stay closed to the visitor.
  await page.goto(`/organize/${slug}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await organizerContext.close();
});

test("organizer routes refuse strangers before reading what they send", async ({ page, request }) => {
  const stranger = newPerson("Sam");
  const zip = Buffer.from("PK\u0005\u0006" + "\u0000".repeat(18), "binary");
  // A visitor (no session).
  for (const [method, url] of [
    ["POST", "/organize/import"],
    ["POST", "/organize/no-such/tasks"],
    ["GET", "/organize/no-such/export"],
    ["GET", "/competitions/no-such/data/x"],
  ] as const) {
    const answer =
      method === "POST"
        ? await request.post(url, { data: zip, headers: { "content-type": "application/zip" } })
        : await request.get(url);
    expect([401, 404], `${method} ${url}`).toContain(answer.status());
    expect(((await answer.json()) as { error: { code: string } }).error.code).toMatch(/UNAUTHENTICATED|NOT_FOUND/);
  }
  // A signed-in user who is neither organizer nor admin.
  await signUp(page, stranger);
  await expect(page.getByTestId("account-link")).toHaveText(stranger.email);
  const imported = await page.request.post("/organize/import", {
    data: zip,
    headers: { "content-type": "application/zip" },
  });
  expect(imported.status()).toBe(403);
  expect(((await imported.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
  expect((await page.goto("/organize"))?.status()).toBe(404);
});
