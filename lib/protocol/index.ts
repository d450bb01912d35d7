export * from "./commands";
export * from "./inventory";
export * from "./logs";
export * from "./messages";
export * from "./metrics";
export * from "./version";
export * from "./task-report";
