export * from "./audit";
export * from "./auth";
export * from "./outbox";
export * from "./profiles";
export * from "./rate-limits";
