import { describe, expect, it } from "vitest";
import { authErrorMessage } from "./auth-error-message";

describe("authErrorMessage", () => {
  it("explains a used or expired magic link", () => {
    expect(authErrorMessage("Verification")).toBe("That sign-in link has expired or was already used.");
  });

  it("tells a GitHub user whose email already has an account what to do", () => {
    expect(authErrorMessage("OAuthAccountNotLinked")).toMatch(/already exists.*password or an email link/);
  });

  it("shows a generic message for server-side failures, never the raw type", () => {
    expect(authErrorMessage("Configuration")).toMatch(/problem on our side/);
    expect(authErrorMessage("<script>")).not.toContain("<script>");
  });

  it("shows nothing without an error, or for a repeated parameter", () => {
    expect(authErrorMessage(undefined)).toBeNull();
    expect(authErrorMessage("")).toBeNull();
    expect(authErrorMessage(["Verification", "x"])).toBeNull();
  });
});
