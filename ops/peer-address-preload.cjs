/**
 * Loaded into the web app's process (`node --require`, set by ./web-app.ts) before Next.js starts: it writes the
 * TCP peer's address into the request header `x-joulebench-peer-address`, overwriting whatever the client sent
 * under that name.
 *
 * Why: `next start` gives the app no way to read the socket. It only copies the peer into X-Forwarded-For when
 * the client sent none (next/dist/server/base-server.js), so behind no proxy a client that writes its own
 * X-Forwarded-For is indistinguishable from one at that address. With this header the app knows the peer for
 * certain, and trusts X-Forwarded-For only as far as TRUSTED_PROXY_HOPS says (lib/auth/client-address.ts).
 * Plain CommonJS because it runs before any loader (tsx) is available.
 */
"use strict";
const http = require("node:http");

const PEER_HEADER = "x-joulebench-peer-address";
const emit = http.Server.prototype.emit;

http.Server.prototype.emit = function emitWithPeerAddress(event, request, ...rest) {
  if (event === "request" && request && request.headers) {
    const peer = request.socket && request.socket.remoteAddress;
    if (peer) request.headers[PEER_HEADER] = peer;
    else delete request.headers[PEER_HEADER];
  }
  return emit.call(this, event, request, ...rest);
};
