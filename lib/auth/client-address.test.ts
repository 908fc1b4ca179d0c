import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";

vi.mock("next/headers", () => ({ headers: vi.fn() }));
const { clientAddressFrom, PEER_ADDRESS_HEADER } = await import("./client-address");

const request = (values: Record<string, string>) => new Headers(values);

describe("clientAddressFrom with no proxy in front (the default, 0 hops)", () => {
  it("takes the TCP peer and ignores a made-up X-Forwarded-For, so spoofed values share the sender's bucket", () => {
    const spoofs = ["6.6.6.6", "203.0.113.9", "198.51.100.1, 10.0.0.1"].map((forwardedFor) =>
      clientAddressFrom(request({ "x-forwarded-for": forwardedFor, [PEER_ADDRESS_HEADER]: "192.0.2.5" }), 0),
    );
    expect(new Set(spoofs)).toEqual(new Set(["192.0.2.5"]));
  });

  it("never lands in another address's bucket, whatever the client writes", () => {
    expect(clientAddressFrom(request({ "x-forwarded-for": "192.0.2.77", [PEER_ADDRESS_HEADER]: "192.0.2.5" }), 0)).toBe(
      "192.0.2.5",
    );
  });

  it("fails closed (one shared bucket) when the peer was not recorded", () => {
    expect(clientAddressFrom(request({ "x-forwarded-for": "6.6.6.6" }), 0)).toBe("unknown");
  });
});

describe("clientAddressFrom behind proxies", () => {
  it("takes the entry our one proxy appended, not what the client wrote before it", () => {
    expect(clientAddressFrom(request({ "x-forwarded-for": "6.6.6.6, 203.0.113.9" }), 1)).toBe("203.0.113.9");
  });

  it("counts back past each trusted proxy", () => {
    expect(clientAddressFrom(request({ "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2" }), 2)).toBe("203.0.113.9");
  });

  it("falls back to the peer when the proxy forwarded nothing, and never crashes", () => {
    expect(clientAddressFrom(request({ [PEER_ADDRESS_HEADER]: "10.0.0.2" }), 1)).toBe("10.0.0.2");
    expect(clientAddressFrom(request({ "x-forwarded-for": " , " }), 1)).toBe("unknown");
  });
});

describe("the web process's peer-address preload", () => {
  it("overwrites a client's own x-joulebench-peer-address with the socket's peer", async () => {
    const preload = path.resolve("ops/peer-address-preload.cjs");
    // A plain http server in a child process with the preload, as the web app runs; it answers the header it saw.
    const program = `
      const http = require("node:http");
      const server = http.createServer((req, res) => { res.end(String(req.headers["${PEER_ADDRESS_HEADER}"])); });
      server.listen(0, "127.0.0.1", async () => {
        const { port } = server.address();
        const answer = await fetch("http://127.0.0.1:" + port, { headers: { "${PEER_ADDRESS_HEADER}": "6.6.6.6", "x-forwarded-for": "6.6.6.6" } });
        console.log(await answer.text());
        server.close();
      });`;
    const child = spawn(process.execPath, ["--require", preload, "-e", program]);
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.on("close", resolve));
    expect(output.trim()).toBe("127.0.0.1");
  });
});
