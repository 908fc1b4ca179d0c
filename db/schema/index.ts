export * from "./auth";
export * from "./teams";
export * from "./competitions";
export * from "./submissions";
export * from "./results";
export * from "./runners";
export * from "./api-tokens";
export * from "./registrations";
