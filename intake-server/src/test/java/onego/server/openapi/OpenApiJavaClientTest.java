package onego.server.openapi;

import onego.client.ApiClient;
import onego.client.api.CasesApi;
import onego.client.api.DepartmentsApi;
import onego.client.api.RatingsApi;
import onego.client.api.StreamsApi;
import onego.client.model.Applicant;
import onego.client.model.CaseCreated;
import onego.client.model.CaseView;
import onego.client.model.DepartmentQueue200Response;
import onego.client.model.Delivery;
import onego.client.model.DeliveryMethod;
import onego.client.model.EventType;
import onego.client.model.MaskedCase;
import onego.client.model.MaterialRef;
import onego.client.model.ModelCase;
import onego.client.model.NewCaseItem;
import onego.client.model.PersonApplicant;
import onego.client.model.ProgressEvent;
import onego.client.model.RateCaseRequest;
import onego.client.model.Rating;
import onego.client.model.Submission;
import onego.server.support.NodeTest;
import onego.server.support.TestServices;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Java client the OpenAPI Generator makes from openapi.yaml with its default options (the Maven
 * plugin, {@code java} generator with its default {@code okhttp-gson} library, no configOptions;
 * generated into target/ at generate-test-sources), used unmodified the way a portal team and a
 * department would against a live node: submit with the default item selection (the generated model
 * leaves {@code items} out), read the case (full and masked), read the events as JSON, rate, have an
 * empty selection refused with 422, read a department's queue.
 */
class OpenApiJavaClientTest extends NodeTest {
  private static ApiClient client(String token) {
    ApiClient c = new ApiClient();
    c.setBasePath("http://localhost:" + node.port());
    // a hang (the SSE stream answered to a JSON client) fails the test instead of blocking it
    c.setReadTimeout(20_000);
    c.setBearerToken(token);
    return c;
  }

  private static Submission newborn() {
    Map<String, Object> form = new LinkedHashMap<>();
    form.put("babyName", "王小明");
    form.put("babySex", "男");
    form.put("babyBirthTime", "2026-11-20T08:30:00+08:00");
    form.put("babyBirthPlace", "湖南省衡阳市蒸湘区");
    form.put("birthHospital", "衡阳市妇幼保健院");
    form.put("babyEthnicity", "汉族");
    form.put("motherName", "李娜");
    form.put("motherIdNumber", "430405199203152042");
    form.put("fatherName", "王强");
    form.put("fatherIdNumber", "430405199007081013");
    form.put("householdAddress", "湖南省衡阳市蒸湘区解放大道1号");
    form.put("householdHeadIdNumber", "430405196501221014");
    form.put("relationToHouseholdHead", "孙子");
    form.put("applicantPhone", "13800138000");
    form.put("insuranceChoice", "线上缴费");
    form.put("cardBank", "中国工商银行");
    return new Submission()
        .thing("newborn")
        .applicant(new Applicant(new PersonApplicant().type(PersonApplicant.TypeEnum.PERSON)
            .idNumber("430405199203152042").name("李娜").phone("13800138000")))
        .form(form)
        .materials(List.of(
            new MaterialRef().code("parents-id-cards").ecertRef("EC-resident-id-card-430405199203152042"),
            new MaterialRef().code("household-register").ecertRef("EC-household-register-430405196501221014"),
            new MaterialRef().code("marriage-certificate").ecertRef("EC-marriage-certificate-430405199007081013")))
        .delivery(new Delivery().method(DeliveryMethod.ELECTRONIC));
  }

  @Test
  void aGeneratedJavaClientSubmitsReadsFollowsAndRatesACase() throws Exception {
    CaseCreated created = new CasesApi(client("dev-portal")).submitCase("java-client-" + UUID.randomUUID(), newborn());
    UUID caseId = created.getCaseId();
    assertThat(created.getItems()).isNotEmpty();

    CaseView read = new CasesApi(client("dev-portal")).getCase(caseId, null);
    assertThat(read.getActualInstance()).isInstanceOf(ModelCase.class);
    ModelCase full = read.getModelCase();
    assertThat(full.getForm()).containsEntry("babyName", "王小明");
    assertThat(full.getItems()).hasSameSizeAs(created.getItems());

    // the generated events call lists application/json and text/event-stream (okhttp-gson sends the JSON one): JSON, not the stream
    List<ProgressEvent> events = new StreamsApi(client("dev-portal")).caseEvents(caseId, null, null, null).getEvents();
    assertThat(events).isNotEmpty();
    assertThat(events.get(0).getType()).isEqualTo(EventType.CASE_SUBMITTED);
    assertThat(events.get(0).getSeq()).isEqualTo(1);

    TestServices.setCaseState(caseId, "COMPLETED", "COMPLETED");
    Rating rating = new RatingsApi(client("dev-portal")).rateCase(caseId, new RateCaseRequest().score(5).comment("一次办好"));
    assertThat(rating.getScore()).isEqualTo(5);
    assertThat(rating.getCaseId()).isEqualTo(caseId);
  }

  @Test
  void aCaseFiledWithTheDefaultSelectionIsReadBackAndItsDepartmentSeesItQueued() throws Exception {
    Submission submission = newborn();
    assertThat(submission.getItems()).as("the generated model starts without a selection").isNull();
    CaseCreated created = new CasesApi(client("dev-portal")).submitCase("java-client-" + UUID.randomUUID(), submission);
    // the default selection, the same as a hand-written body without `items`
    String example = OpenApiDocument.requestExamples().stream().filter(e -> e.operationId().equals("submitCase"))
        .findFirst().orElseThrow().body().toString();
    var byHand = http.postCase("dev-portal", "java-client-" + UUID.randomUUID(), example);
    assertThat(byHand.status()).isEqualTo(201);
    assertThat(created.getItems()).extracting(NewCaseItem::getCode)
        .containsExactlyInAnyOrderElementsOf(byHand.json().getJsonArray("items").stream()
            .map(o -> ((io.vertx.core.json.JsonObject) o).getString("code")).toList());

    ModelCase read = new CasesApi(client("dev-portal")).getCase(created.getCaseId(), null).getModelCase();
    assertThat(read.getCaseId()).isEqualTo(created.getCaseId());
    assertThat(read.getItems()).hasSameSizeAs(created.getItems());

    String department = created.getItems().get(0).getDepartment();
    DepartmentQueue200Response queue = new DepartmentsApi(client("dev-dept-" + department)).departmentQueue(department, null);
    assertThat(queue.getQueued() + queue.getInFlight()).isPositive();
  }

  @Test
  void anEmptySelectionIsStillRefusedNotReadAsTheDefault() throws Exception {
    Submission submission = newborn().items(List.of());
    assertThatThrownBy(() -> new CasesApi(client("dev-portal")).submitCase("java-client-" + UUID.randomUUID(), submission))
        .isInstanceOfSatisfying(onego.client.ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getResponseBody()).contains("must name at least one item");
        });
  }

  @Test
  void theHotlineGetsTheMaskedCaseAsItsOwnType() throws Exception {
    UUID caseId = new CasesApi(client("dev-portal")).submitCase("java-client-" + UUID.randomUUID(), newborn()).getCaseId();
    CaseView read = new CasesApi(client("dev-hotline")).getCase(caseId, null);
    assertThat(read.getActualInstance()).isInstanceOf(MaskedCase.class);
    MaskedCase masked = read.getMaskedCase();
    assertThat(masked.getApplicant().getName()).isEqualTo("李*");
    assertThat(masked.getApplicant().getIdNumber()).doesNotContain("19920315");
  }
}
