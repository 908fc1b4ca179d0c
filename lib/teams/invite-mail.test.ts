import { describe, expect, it } from "vitest";
import { buildInviteMail, inviteUrl } from "./invite-mail";

const input = {
  to: "ivan@example.com",
  teamName: "Low Watt",
  inviterName: "Olga",
  path: "/invite/abc_DEF-123",
  expiresAt: new Date("2030-05-06T07:08:09Z"),
};

describe("buildInviteMail", () => {
  it("names the team and the inviter, and links to the invite page on its own line", () => {
    const mail = buildInviteMail(input, "https://joulebench.example");
    expect(mail.to).toBe("ivan@example.com");
    expect(mail.subject).toBe("Olga invited you to join Low Watt on Joulebench");
    expect(mail.text.split("\n")).toContain("https://joulebench.example/invite/abc_DEF-123");
    expect(mail.text).toContain("2030-05-06 07:08 UTC");
  });

  it("puts the invite link first, so a reader taking the first link gets it", () => {
    const mail = buildInviteMail(input, "http://127.0.0.1:3100");
    expect(mail.text.match(/https?:\/\/\S+/)?.[0]).toBe("http://127.0.0.1:3100/invite/abc_DEF-123");
  });
});

describe("inviteUrl", () => {
  it("prefixes the path with the site's base URL", () => {
    expect(inviteUrl("/invite/x", "http://localhost:3000")).toBe("http://localhost:3000/invite/x");
  });
});
