import { readFileSync } from "node:fs";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { Service } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { repoRoot } from "@/test/build";

const manifestPath = path.join(repoRoot, "deploy/kubernetes/keel.yaml");
const documents = parseAllDocuments(readFileSync(manifestPath, "utf8")).map((document) => document.toJS());

const models = {
  Deployment: (value: object) => new Deployment(value as never),
  Service: (value: object) => new Service(value as never),
  HorizontalPodAutoscaler: (value: object) => new HorizontalPodAutoscaler(value as never),
} as const;

describe("deploy/kubernetes/keel.yaml", () => {
  it("contains the app, worker, service and autoscaler", () => {
    expect(documents.map((document) => `${document.kind}/${document.metadata.name}`)).toEqual([
      "Deployment/keel-app",
      "Deployment/keel-worker",
      "Service/keel",
      "HorizontalPodAutoscaler/keel-app",
    ]);
  });

  it.each(documents.map((document) => [`${document.kind}/${document.metadata.name}`, document]))("validates %s against its schema", (_, document) => {
    const build = models[document.kind as keyof typeof models];
    expect(build).toBeDefined();

    expect(() => build(document).validate()).not.toThrow();
  });

  it("rejects a manifest with a wrong field type", () => {
    const broken = structuredClone(documents[0]);
    broken.spec.replicas = "two";

    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it("points the service and autoscaler at the app", () => {
    const [app, , service, autoscaler] = documents;

    expect(service.spec.selector).toEqual(app.spec.template.metadata.labels);
    expect(autoscaler.spec.scaleTargetRef.name).toBe(app.metadata.name);
    expect(app.spec.template.spec.containers[0].env).toContainEqual({ name: "KEEL_WORKER", value: "off" });
  });
});
