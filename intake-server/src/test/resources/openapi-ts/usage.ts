// What a portal written in TypeScript does with the types openapi-typescript makes from openapi.yaml
// (OpenApiNodeToolsTest compiles it with tsc --noEmit --strict next to the generated api.d.ts).
import type { components, paths } from "./api";

type Submission = components["schemas"]["Submission"];
const submission: Submission = {
  thing: "newborn",
  applicant: { type: "person", idNumber: "430405199203152042", name: "李娜", phone: "13800138000" },
  form: {},
};
submission.form!.babyName = "王小明";
submission.form!.babyBirthTime = "2026-11-20T08:30:00+08:00";

type Supplement = paths["/api/v1/cases/{caseId}/items/{itemId}/supplement"]["post"]["requestBody"]["content"]["application/json"];
const supplement: Supplement = { form: {} };
supplement.form!.birthHospital = "衡阳市妇幼保健院";

type WorkItem = components["schemas"]["WorkItem"];
const work: WorkItem = { form: { babyName: "王小明" }, applicant: { name: "李娜" }, materials: [{ code: "parents-id-cards" }] };

type ProgressEvent = components["schemas"]["ProgressEvent"];
const delivered: ProgressEvent["type"] = "ResultsDelivered";
const changed: ProgressEvent["type"] = "CaseStatusChanged";
const data: ProgressEvent["data"] = { department: "health" };

type CaseView = components["schemas"]["CaseView"];
function applicantName(c: CaseView): string {
  if (c.view === "masked") return c.applicant.name;
  const babyName: unknown = c.form.babyName;
  return String(babyName);
}

type CaseItem = components["schemas"]["CaseItem"];
function certificates(item: CaseItem): unknown {
  return item.result === null ? [] : item.result.certificates;
}

export { submission, supplement, work, delivered, changed, data, applicantName, certificates };
