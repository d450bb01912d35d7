export * from "./commands";
export * from "./inventory";
export * from "./messages";
export * from "./version";
export * from "./task-report";
