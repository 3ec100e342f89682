export * from "./audit";
export * from "./auth";
export * from "./billing";
export * from "./leads";
export * from "./outbox";
export * from "./profiles";
export * from "./rate-limits";
export * from "./teams";
