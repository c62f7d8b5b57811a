import { foreignKey, integer, jsonb, pgEnum, pgTable, text, timestamp, unique } from "drizzle-orm/pg-core";

export const modelTaskEnum = pgEnum("model_task", ["classification", "regression"]);

export const models = pgTable("models", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  name: text().notNull().unique(),
  description: text().notNull().default(""),
  task: modelTaskEnum().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const versionStatusEnum = pgEnum("version_status", [
  "registered",
  "candidate",
  "shadow",
  "canary",
  "production",
  "archived",
  "rejected",
]);

export const modelVersions = pgTable(
  "model_versions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    modelId: integer()
      .notNull()
      .references(() => models.id),
    version: integer().notNull(),
    status: versionStatusEnum().notNull().default("registered"),
    artifactUri: text(),
    description: text().notNull().default(""),
    /** Offline evaluation metrics by name, for example `{ "roc_auc": 0.71 }`. */
    offlineMetrics: jsonb().$type<Record<string, number>>().notNull().default({}),
    metadata: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    trainingProfile: jsonb().$type<Record<string, unknown>>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique().on(table.modelId, table.version)],
);

export const endpoints = pgTable(
  "endpoints",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    name: text().notNull().unique(),
    modelId: integer()
      .notNull()
      .references(() => models.id),
    productionVersionId: integer(),
    description: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [foreignKey({ columns: [table.productionVersionId], foreignColumns: [modelVersions.id] })],
);
