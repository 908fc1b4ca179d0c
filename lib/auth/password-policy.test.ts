import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { assertAcceptablePassword, MIN_PASSWORD_LENGTH, personalWords } from "./password-policy";

function rejection(password: string, owner = {}): AppError {
  try {
    assertAcceptablePassword(password, owner);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected "${password}" to be rejected`);
}

describe("assertAcceptablePassword", () => {
  it("asks for a password when it is empty", () => {
    const error = rejection("");
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toBe(`Enter a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  });

  it("says how long it must be when it is too short, even for a random-looking one", () => {
    const error = rejection("x7#Qp9!z");
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toMatch(/at least 10 characters \(it has 8\)/);
  });

  it("rejects a long but common password with zxcvbn's warning and suggestion", () => {
    const error = rejection("password1234");
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toMatch(/^This password is too easy to guess\. /);
    // The English wording from password-feedback-en.ts, not zxcvbn's bare translation keys.
    expect(error.message).toMatch(/commonly used password|most used password|frequently used password/);
    expect(error.message).not.toMatch(/\b(topTen|topHundred|common|anotherWord)\.?$/);
  });

  it("rejects keyboard walks and repeats", () => {
    expect(rejection("qwertyuiop").message).toMatch(/keyboard|commonly used|most used|frequently used/);
    expect(rejection("aaaaaaaaaaaa").message).toMatch(/repeated/i);
  });

  it("counts the user's own name, email and the site's name as guessable", () => {
    const owner = { name: "Ada Lovelace", email: "lovelace.ada@example.com" };
    // Strong enough for a stranger...
    expect(() => assertAcceptablePassword("Lovelace1815", {})).not.toThrow();
    // ...but not for Ada herself.
    const error = rejection("Lovelace1815", owner);
    expect(error.code).toBe("WEAK_PASSWORD");
    expect(error.message).toContain("It contains your name, your email address or the site's name.");
    expect(rejection("joulebench2025").message).toContain("the site's name");
  });

  it("accepts a passphrase of uncommon words", () => {
    expect(() => assertAcceptablePassword("copper kettle drifts sideways", { email: "a@b.co" })).not.toThrow();
    expect(() => assertAcceptablePassword("vN4#rT8!qLz2@w")).not.toThrow();
  });

  it("rejects absurdly long input before spending time on it", () => {
    expect(rejection("x".repeat(10_000)).message).toMatch(/too long/);
  });
});

describe("personalWords", () => {
  it("splits the email and the name into the words a guesser would try", () => {
    expect(personalWords({ email: " Grace.Hopper@Navy.mil ", name: "Grace Hopper" })).toEqual([
      "joulebench",
      "grace.hopper@navy.mil",
      "grace",
      "hopper",
      "navy",
      "mil",
      "Grace Hopper",
      "Grace",
      "Hopper",
    ]);
  });
});
