import { describe, expect, it } from "vitest";
import { fieldOfError } from "./error-field";

describe("fieldOfError", () => {
  it("ties each sign-up and sign-in error to its field", () => {
    expect(fieldOfError("WEAK_PASSWORD", "This password is too easy to guess.")).toBe("password");
    expect(fieldOfError("INVALID_CREDENTIALS", "Wrong email or password.")).toBe("password");
    expect(fieldOfError("EMAIL_TAKEN", "An account with this email already exists.")).toBe("email");
    expect(fieldOfError("VALIDATION_FAILED", "Enter a valid email address, like ada@example.com.")).toBe("email");
    expect(fieldOfError("VALIDATION_FAILED", "Enter your name: it is shown to your teammates.")).toBe("name");
  });

  it("leaves form-wide errors untied", () => {
    expect(fieldOfError("RATE_LIMITED", "Too many attempts.")).toBeNull();
    expect(fieldOfError("INTERNAL", "Something went wrong.")).toBeNull();
  });
});
