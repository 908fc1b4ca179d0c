import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({ headers: vi.fn() }));
const { clientAddressFrom } = await import("./client-address");

describe("clientAddressFrom", () => {
  it("takes the entry our one proxy appended, not what the client wrote before it", () => {
    expect(clientAddressFrom("6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9");
  });

  it("counts back past each trusted proxy", () => {
    expect(clientAddressFrom("6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("uses the address next start filled in when nothing was forwarded", () => {
    expect(clientAddressFrom("::ffff:127.0.0.1", 1)).toBe("::ffff:127.0.0.1");
    expect(clientAddressFrom("198.51.100.4", 3)).toBe("198.51.100.4");
  });

  it("names a missing header as unknown (one shared bucket, never a crash)", () => {
    expect(clientAddressFrom(null, 1)).toBe("unknown");
    expect(clientAddressFrom(" , ", 1)).toBe("unknown");
  });
});
