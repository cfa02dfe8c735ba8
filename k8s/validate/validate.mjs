// Validates every object of rendered manifests against its schema, offline:
//   node validate/validate.mjs LABEL=FILE.yaml [LABEL=FILE.yaml ...]
// Schemas: kubernetes-models (core API, Kubernetes >= 1.34), @kubernetes-models/keda (KEDA CRDs),
// @kubernetes-models/strimzi-kafka-operator (Strimzi CRDs), @kubernetes-models/prometheus-operator
// (PodMonitor). One line per object, "OK   LABEL Kind/name" or "FAIL LABEL Kind/name: /json/pointer message",
// then "N passed, M failed"; exit status 1 if any failed. The schemas allow unknown fields, so a
// misspelt optional field passes here; the Java policy tests check the fields that matter.
import fs from "node:fs";
import yaml from "js-yaml";

const PACKAGES = [
  ["keda.sh/", "@kubernetes-models/keda"],
  ["kafka.strimzi.io/", "@kubernetes-models/strimzi-kafka-operator"],
  ["core.strimzi.io/", "@kubernetes-models/strimzi-kafka-operator"],
  ["monitoring.coreos.com/", "@kubernetes-models/prometheus-operator"],
];

function modulePath(apiVersion, kind) {
  for (const [prefix, pkg] of PACKAGES) {
    if (apiVersion.startsWith(prefix)) return `${pkg}/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

// KEDA trigger metadata is a map of string to string in the CRD; the Kafka scaler needs these keys.
function kedaChecks(doc) {
  const errs = [];
  if (doc.kind !== "ScaledObject") return errs;
  (doc.spec?.triggers ?? []).forEach((t, i) => {
    const m = t.metadata ?? {};
    if (t.type === "kafka") {
      for (const k of ["bootstrapServers", "consumerGroup", "topic", "lagThreshold"]) {
        if (!m[k]) errs.push(`/spec/triggers/${i}/metadata/${k} is required for the kafka scaler`);
      }
    }
    if (t.type === "prometheus") {
      for (const k of ["serverAddress", "query", "threshold"]) {
        if (!m[k]) errs.push(`/spec/triggers/${i}/metadata/${k} is required for the prometheus scaler`);
      }
    }
    for (const k of ["lagThreshold", "activationLagThreshold", "threshold", "activationThreshold"]) {
      if (m[k] !== undefined && !/^\d+(\.\d+)?$/.test(String(m[k]))) {
        errs.push(`/spec/triggers/${i}/metadata/${k} must be a number in a string, was ${JSON.stringify(m[k])}`);
      }
    }
  });
  return errs;
}

let failed = 0;
let checked = 0;
for (const arg of process.argv.slice(2)) {
  const eq = arg.indexOf("=");
  const [label, file] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, arg];
  const docs = yaml.loadAll(fs.readFileSync(file, "utf8")).filter(Boolean);
  for (const doc of docs) {
    checked++;
    const id = `${label} ${doc.kind}/${doc.metadata?.name}`;
    const errs = [];
    let Model;
    try {
      Model = (await import(modulePath(String(doc.apiVersion), String(doc.kind))))[doc.kind];
    } catch (e) {
      errs.push(`/apiVersion, /kind: no schema for ${doc.apiVersion} ${doc.kind}`);
    }
    if (Model) {
      try {
        new Model(doc).validate();
      } catch (e) {
        errs.push(...(e.errors ?? [e]).map((x) => `${x.instancePath || "/"} ${x.message ?? x}`));
      }
    }
    errs.push(...kedaChecks(doc));
    if (errs.length) {
      failed++;
      for (const x of errs) console.log(`FAIL ${id}: ${x}`);
    } else {
      console.log(`OK   ${id}`);
    }
  }
}
console.log(`${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
