/**
 * The site's edges as a browser and a hostile page meet them, on the production build: API v1 answers JSON with
 * its headers for unknown paths and methods (never the HTML page naming the signed-in user), a NUL in a path
 * answers 404, and the organizer's upload routes refuse a cross-site post that carries the admin's cookie.
 */
import { expect, test, type APIResponse } from "@playwright/test";
import { grantSiteAdmin, newPerson, signUp } from "./flows";

/** `site`: a route outside API v1, whose headers are the site's (proxy.ts), not the API's. */
async function expectApiJson(response: APIResponse, status: number, code: string, email?: string, site = false) {
  expect(response.status()).toBe(status);
  const headers = response.headers();
  expect(headers["content-type"]).toMatch(/^application\/json/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["content-security-policy"]).toContain(site ? "frame-ancestors 'none'" : "default-src 'none'");
  const text = await response.text();
  if (email) expect(text).not.toContain(email);
  expect((JSON.parse(text) as { error: { code: string } }).error.code).toBe(code);
}

test("API v1 edges answer JSON, NUL paths 404, and organizer uploads refuse another site's post with the admin's cookie", async ({
  page,
  baseURL,
}) => {
  const admin = newPerson("Ines");
  await signUp(page, admin);
  await expect(page.getByTestId("account-link")).toHaveText(admin.email);
  grantSiteAdmin(admin.email);
  const request = page.request;

  // Unknown paths, known paths with a method they do not take, and NUL bytes: JSON, the API's headers, no email.
  await expectApiJson(await request.get("/api/v1/no-such-thing"), 404, "NOT_FOUND", admin.email);
  await expectApiJson(await request.get("/api/v1"), 404, "NOT_FOUND", admin.email);
  await expectApiJson(await request.post("/api/v1/submissions/abc/nothing"), 404, "NOT_FOUND", admin.email);
  const wrongMethod = await request.delete("/api/v1/submissions");
  expect(wrongMethod.headers()["allow"]).toContain("GET");
  await expectApiJson(wrongMethod, 405, "METHOD_NOT_ALLOWED", admin.email);
  await expectApiJson(await request.put("/api/v1/openapi.json"), 405, "METHOD_NOT_ALLOWED");
  await expectApiJson(await request.get("/api/v1/submissions/%00"), 404, "NOT_FOUND", admin.email);
  for (const path of ["/badges/%00", "/models/%00", "/competitions/%00"])
    expect((await request.get(path)).status(), path).toBe(404);

  // A cross-site post with the admin's cookie: refused before anything is read. The same post from our own
  // origin gets past that check (and fails on the empty file), so it is the origin that was refused.
  const evil = { origin: "http://evil.example", "content-type": "application/zip" };
  const ours = { origin: new URL(baseURL!).origin, "content-type": "application/zip" };
  const body = Buffer.from("not a zip");
  await expectApiJson(
    await request.post("/organize/import", { headers: evil, data: body }),
    403,
    "FORBIDDEN",
    undefined,
    true,
  );
  const sameSite = await request.post("/organize/import", { headers: ours, data: body });
  expect(sameSite.status()).toBe(400);
  expect(((await sameSite.json()) as { error: { code: string } }).error.code).toBe("COMPETITION_FILE_INVALID");

  const slug = `edges-${Date.now().toString(36)}`;
  await page.goto("/organize");
  await page.getByLabel("Title").fill("Edges");
  await page.getByLabel("Address").fill(slug);
  await page.getByTestId("create-competition").getByRole("button", { name: "Create competition" }).click();
  await expect(page).toHaveURL(new RegExp(`/organize/${slug}$`));
  await expectApiJson(
    await request.post(`/organize/${slug}/tasks`, { headers: evil, data: body }),
    403,
    "FORBIDDEN",
    undefined,
    true,
  );
  const ownTask = await request.post(`/organize/${slug}/tasks`, { headers: ours, data: body });
  expect(ownTask.status()).toBe(400);
});
