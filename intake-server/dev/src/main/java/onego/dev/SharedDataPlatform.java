package onego.dev;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import onego.domain.Catalog;
import onego.domain.CreditCodes;
import onego.domain.FieldSpec;
import onego.domain.IdNumbers;
import onego.domain.ItemSpec;
import onego.domain.Thing;
import onego.domain.Material;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A simulated shared-data platform (数据共享) and e-certificate registry (电子证照) for the {@code dev}
 * profile, speaking the API {@link onego.server.shareddata.SharedDataClient} expects. Every answer
 * is a pure function of the ID number (or certificate ref): names chosen by a hash of it, birth
 * date and sex taken from the number itself, addresses in 衡阳市. Population, household and
 * medical insurance know everyone; the other sources only some people (by the hash), answering 404
 * for the rest. IDs whose sequence digits are {@code notFoundSequence} are unknown to every source.
 * Certificate refs {@code EC-<type>-<number>} are valid when the type is an {@code ecertType} of the
 * catalog's materials, a type an item produces or accepts as proof, or {@code power-of-attorney}; a
 * number that is a resident ID number or a credit code is the certificate's holder. A query with
 * {@code "about": "<form field>"} answers the fields that are about that field's person from the
 * person's own record (逝者姓名 is the deceased's own name); one with {@code "creditCode"} answers an
 * enterprise's record from the sources that register enterprises.
 *
 * <p>Facts for 免申即享 rules ({@code POST /facts/query}, {@code POST /facts/subjects}, as
 * {@link onego.server.shareddata.SharedDataClient#facts} and {@code #subjects} expect): a person's birth
 * date is the ID number's; who holds an 独生子女父母光荣证, who is retired (age ≥ 60), who is a talent employed
 * in the city, and an enterprise's 失业保险 and layoffs are picked by a hash of the identifier. The subjects
 * the platform lists are a fixed simulated population of {@value #POPULATION} residents of 衡阳 (born
 * 1930-2005) and {@value #ENTERPRISES} enterprises, so a dev sweep finds some 80-year-olds and employers.
 */
public final class SharedDataPlatform extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SharedDataPlatform.class);
  private static final String[] SURNAMES = {"张", "王", "李", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"};
  private static final String[] MALE = {"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "志强", "建国", "海峰", "俊杰", "浩然", "文博"};
  private static final String[] FEMALE = {"娜", "芳", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "玲", "桂英", "婷", "雪梅", "慧", "丽华", "欣怡"};
  private static final String[] DISTRICTS = {"蒸湘区", "雁峰区", "石鼓区", "珠晖区", "南岳区"};
  private static final String[] ROADS = {"解放大道", "船山大道", "蒸湘北路", "先锋路", "衡州大道", "华新大道", "延安路", "中山南路"};
  private static final String[] INDUSTRIES = {"批发和零售业", "住宿和餐饮业", "制造业", "信息传输、软件和信息技术服务业", "租赁和商务服务业", "建筑业"};
  private static final String[] SHOP_WORDS = {"湘南", "雁城", "船山", "蒸湘", "恒通", "华瑞", "顺达", "嘉禾"};
  private static final String[] SHOP_KINDS = {"商贸有限公司", "餐饮管理有限公司", "科技有限公司", "建材有限公司", "物流有限公司"};
  private static final Map<String, String> ISSUERS = Map.ofEntries(
      Map.entry("resident-id-card", "衡阳市公安局蒸湘分局"),
      Map.entry("household-register", "衡阳市公安局蒸湘分局"),
      Map.entry("residence-permit", "衡阳市公安局"),
      Map.entry("driving-license", "衡阳市公安局交通警察支队"),
      Map.entry("marriage-certificate", "衡阳市蒸湘区民政局"),
      Map.entry("birth-medical-certificate", "衡阳市妇幼保健院"),
      Map.entry("business-license", "衡阳市市场监督管理局"),
      Map.entry("real-estate-certificate", "衡阳市自然资源和规划局"),
      Map.entry("construction-planning-permit", "衡阳市自然资源和规划局"),
      Map.entry("disability-certificate", "衡阳市残疾人联合会"),
      Map.entry("social-security-card", "衡阳市人力资源和社会保障局"),
      Map.entry("subsistence-allowance-certificate", "衡阳市蒸湘区民政局"),
      Map.entry("diploma", "衡阳师范学院"),
      Map.entry("health-certificate", "衡阳市疾病预防控制中心"),
      Map.entry("fire-acceptance", "衡阳市住房和城乡建设局"),
      Map.entry("design-qualification", "湖南省住房和城乡建设厅"));
  /** The sources that hold records of enterprises (by credit code); the others know people only. */
  private static final Set<String> ENTERPRISE_SOURCES = Set.of("market-entity", "tax", "social-insurance", "housing-fund",
      "construction-project", "public-resource-trading", "real-estate");
  /** Share of people (out of 100) each partial source knows. */
  private static final Map<String, Integer> COVERAGE = Map.of(
      "market-entity", 40, "tax", 40, "construction-project", 20, "real-estate", 70, "civil-affairs", 60,
      "social-insurance", 85, "housing-fund", 60, "disability", 15, "veterans", 15);

  static final int POPULATION = 300;
  static final int ENTERPRISES = 60;
  private final List<String> people = new java.util.ArrayList<>();
  private final List<String> enterprises = new java.util.ArrayList<>();
  private final Map<String, List<FieldSpec>> bySource = new LinkedHashMap<>();
  private final Set<String> sources;
  private final Set<String> ecertTypes = new TreeSet<>((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b));
  private final String notFoundSequence;
  private final int port;
  private volatile int actualPort = -1;

  public SharedDataPlatform(Catalog catalog, int port, String notFoundSequence) {
    this.port = port;
    this.notFoundSequence = notFoundSequence;
    this.sources = catalog.sources().keySet();
    for (FieldSpec f : catalog.fields().values()) {
      if (f.prefill() != null) bySource.computeIfAbsent(f.prefill(), k -> new java.util.ArrayList<>()).add(f);
    }
    for (Material m : catalog.materials().values()) if (m.ecertType() != null) ecertTypes.add(m.ecertType());
    for (Thing t : catalog.allThings()) {
      for (ItemSpec i : t.items()) {
        ecertTypes.addAll(i.produces().certificateTypes());
        i.prerequisiteProofs().forEach(p -> ecertTypes.addAll(p.ecertTypes()));
      }
    }
    ecertTypes.add("power-of-attorney");
    for (int i = 0; i < POPULATION; i++) {
      LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(hash("resident-" + i, "birth") % (75L * 365));
      people.add(Person.derivedId("resident-" + i, "430408", birth, i % 2 == 1));
    }
    for (int i = 0; i < ENTERPRISES; i++) {
      String first17 = "91430400MA4" + String.format("%06d", hash("enterprise-" + i, "credit") % 1_000_000);
      enterprises.add(first17 + CreditCodes.checkChar(first17));
    }
  }

  /** The facts of a subject (an ID number or a credit code), null when unknown. */
  private Map<String, Object> factsOf(String subject) {
    Map<String, Object> f = new LinkedHashMap<>();
    if (IdNumbers.valid(subject)) {
      if (subject.substring(14, 17).endsWith(notFoundSequence)) return null;
      Person p = new Person(subject);
      f.put("birthDate", p.birth.toString());
      if (p.pick("only-child", 100) < 30) f.put("onlyChildCertificateNumber", "湘独字" + String.format("%08d", p.pick("ocert", 100_000_000)));
      if (p.age() >= 60) f.put("retirementApprovalNumber", "衡人社退字" + String.format("%08d", p.pick("retire", 100_000_000)));
      if (p.age() >= 22 && p.age() < 46 && p.pick("talent", 100) < 25) f.put("talentCategory", new String[] {"高校毕业生", "专业技术人员", "技能人才", "高层次人才"}[p.pick("talent-kind", 4)]);
      if (p.age() >= 18 && p.age() < 60) f.put("employedInCity", p.pick("employed", 100) < 80);
      return f;
    }
    if (CreditCodes.problem(subject) == null) {
      f.put("unemploymentInsured", hash(subject, "insured") % 100 < 85);
      f.put("layoffsLastYear", hash(subject, "layoffs") % 100 < 70 ? 0 : (int) (1 + hash(subject, "layoff-count") % 12));
      return f;
    }
    return null;
  }

  private void facts(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String subject = body == null ? null : body.getString("subject");
    if (subject == null || !(IdNumbers.valid(subject) || CreditCodes.problem(subject.toUpperCase()) == null)) {
      reply(ctx, 400, new JsonObject().put("error", "subject must be a resident ID number or a credit code"));
      return;
    }
    Map<String, Object> all = factsOf(subject.toUpperCase());
    if (all == null) {
      reply(ctx, 404, new JsonObject().put("error", "no record"));
      return;
    }
    JsonObject out = new JsonObject();
    io.vertx.core.json.JsonArray wanted = body.getJsonArray("facts", new io.vertx.core.json.JsonArray());
    for (Object name : wanted) if (all.containsKey(String.valueOf(name))) out.put(String.valueOf(name), all.get(String.valueOf(name)));
    reply(ctx, 200, new JsonObject().put("facts", out));
  }

  /** One page of the simulated population whose fact meets {@code where}; the cursor is the next index. */
  private void subjects(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    JsonObject where = body == null ? null : body.getJsonObject("where");
    List<String> pool = body != null && "enterprise".equals(body.getString("kind")) ? enterprises : people;
    if (where == null || where.getString("fact") == null) {
      reply(ctx, 400, new JsonObject().put("error", "where.fact is required"));
      return;
    }
    int from;
    try {
      from = body.getString("after") == null ? 0 : Integer.parseInt(body.getString("after"));
    } catch (NumberFormatException e) {
      reply(ctx, 400, new JsonObject().put("error", "after is not a cursor of this platform"));
      return;
    }
    int limit = Math.max(1, Math.min(1000, body.getInteger("limit", 200)));
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    int i = from;
    for (; i < pool.size() && out.size() < limit; i++) {
      Map<String, Object> f = factsOf(pool.get(i));
      if (f != null && matches(f.get(where.getString("fact")), where)) out.add(pool.get(i));
    }
    reply(ctx, 200, new JsonObject().put("subjects", out).put("next", i < pool.size() ? Integer.toString(i) : null));
  }

  private static boolean matches(Object v, JsonObject where) {
    if (where.containsKey("present")) return where.getBoolean("present") == (v != null);
    if (v == null) return false;
    if (where.containsKey("equals")) return String.valueOf(v).equals(String.valueOf(where.getValue("equals")));
    if (where.containsKey("atMost")) return compare(v, where.getValue("atMost")) <= 0;
    if (where.containsKey("atLeast")) return compare(v, where.getValue("atLeast")) >= 0;
    return false;
  }

  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) return Double.compare(x.doubleValue(), y.doubleValue());
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    try {
      return ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Valid after start completed. */
  public int actualPort() { return actualPort; }

  public String url() { return "http://127.0.0.1:" + actualPort; }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.post("/sources/:source/query").handler(this::query);
    router.get("/ecerts/:ref").handler(this::ecert);
    router.post("/facts/query").handler(this::facts);
    router.post("/facts/subjects").handler(this::subjects);
    HttpServer server = vertx.createHttpServer();
    return server.requestHandler(router).listen(port).onSuccess(s -> {
      actualPort = s.actualPort();
      log.info("simulated shared-data platform listening on port {} ({} sources, {} e-certificate types)", actualPort, sources.size(), ecertTypes.size());
    });
  }

  private void query(RoutingContext ctx) {
    String source = ctx.pathParam("source");
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String id = body == null ? null : body.getString("idNumber");
    String creditCode = body == null ? null : body.getString("creditCode");
    String about = body == null ? null : body.getString("about");
    if (!sources.contains(source)) {
      reply(ctx, 404, new JsonObject().put("error", "unknown source"));
      return;
    }
    if (creditCode != null) {
      enterprise(ctx, source, creditCode.toUpperCase());
      return;
    }
    if (id == null || !IdNumbers.valid(id)) {
      reply(ctx, 400, new JsonObject().put("error", "idNumber must be a valid resident ID number"));
      return;
    }
    Person p = new Person(id.toUpperCase());
    if (id.substring(14, 17).endsWith(notFoundSequence) || !covers(source, p)) {
      reply(ctx, 404, new JsonObject().put("error", "no record"));
      return;
    }
    JsonObject data = new JsonObject();
    for (FieldSpec f : bySource.getOrDefault(source, List.of())) {
      if (about == null) data.put(f.name(), value(f, p));
      else if (about.equals(f.about())) data.put(f.name(), own(f, p)); // the person that form field names, from their own record
    }
    reply(ctx, 200, new JsonObject().put("data", data));
  }

  /**
   * An enterprise's record ({@code {"creditCode"}}): the sources that register enterprises answer
   * the source's fields for it (its name as on its 营业执照, its legal representative a person derived
   * from the code); the person-only sources and codes whose sequence ends in {@code notFoundSequence} 404.
   */
  private void enterprise(RoutingContext ctx, String source, String creditCode) {
    if (CreditCodes.problem(creditCode) != null) {
      reply(ctx, 400, new JsonObject().put("error", "creditCode must be a valid unified social credit code"));
      return;
    }
    if (!ENTERPRISE_SOURCES.contains(source) || creditCode.substring(14, 17).endsWith(notFoundSequence)) {
      reply(ctx, 404, new JsonObject().put("error", "no record"));
      return;
    }
    Person rep = new Person(Person.derivedId(creditCode, "430408", LocalDate.of(1965, 1, 1).plusDays(hash(creditCode, "rep") % 12_000),
        hash(creditCode, "rep-sex") % 2 == 0));
    JsonObject data = new JsonObject();
    for (FieldSpec f : bySource.getOrDefault(source, List.of())) {
      Object v = switch (f.name()) {
        case "creditCode" -> creditCode;
        case "enterpriseName" -> "衡阳市" + enterpriseName(creditCode);
        default -> f.about() == null ? value(f, rep) : null;
      };
      if (v != null) data.put(f.name(), v);
    }
    reply(ctx, 200, new JsonObject().put("data", data));
  }

  private static String enterpriseName(String creditCode) {
    return SHOP_WORDS[(int) (hash(creditCode, "name") % SHOP_WORDS.length)] + SHOP_KINDS[(int) (hash(creditCode, "kind") % SHOP_KINDS.length)];
  }

  /** A field about someone (逝者姓名, 母亲姓名) as that person's own record holds it. */
  private static Object own(FieldSpec f, Person p) {
    if ("id-number".equals(f.format())) return p.id;
    if (f.name().endsWith("HouseholdAddress")) return address(p, "householdAddress");
    if (f.name().endsWith("Name") && isPersonName(f.name())) return p.name();
    return value(f, p);
  }

  private static boolean covers(String source, Person p) {
    Integer share = COVERAGE.get(source);
    if (share == null) return true;
    if (source.equals("civil-affairs") && p.age() < 22) return false;
    if ((source.equals("social-insurance") || source.equals("housing-fund") || source.equals("veterans")) && p.age() < 18) return false;
    return p.pick("coverage:" + source, 100) < share;
  }

  private void ecert(RoutingContext ctx) {
    String ref = ctx.pathParam("ref");
    String type = null;
    String number = null;
    if (ref != null && ref.startsWith("EC-")) {
      String rest = ref.substring(3);
      for (String t : ecertTypes) {
        if (rest.startsWith(t + "-") && rest.length() > t.length() + 1) {
          type = t;
          number = rest.substring(t.length() + 1);
          break;
        }
      }
    }
    if (type == null || !number.matches("[0-9A-Za-z()（）\\-]{1,60}")) {
      reply(ctx, 404, new JsonObject().put("error", "no such e-certificate"));
      return;
    }
    if (number.length() == 18 && CreditCodes.problem(number.toUpperCase()) == null && !IdNumbers.valid(number)) {
      enterpriseCertificate(ctx, type, number.toUpperCase(), ref);
      return;
    }
    Person holder;
    if (number.length() == 18 && IdNumbers.valid(number)) {
      holder = new Person(number.toUpperCase());
    } else {
      holder = new Person(Person.derivedId(number, "430408", LocalDate.of(1970, 1, 1).plusDays(hash(number, "birth") % 15_000), hash(number, "sex") % 2 == 0));
    }
    LocalDate issued = LocalDate.of(2016, 1, 1).plusDays(hash(ref, "issued") % 3_000);
    String validUntil = switch (type) {
      case "resident-id-card" -> issued.plusYears(holder.age() < 26 ? 10 : holder.age() < 46 ? 20 : 40).toString();
      case "residence-permit", "health-certificate" -> issued.plusYears(1).isBefore(LocalDate.now()) ? LocalDate.now().plusYears(1).toString() : issued.plusYears(1).toString();
      case "driving-license" -> issued.plusYears(10).toString();
      case "disability-certificate", "subsistence-allowance-certificate", "social-security-card" -> issued.plusYears(10).isBefore(LocalDate.now())
          ? LocalDate.now().plusYears(5).toString() : issued.plusYears(10).toString();
      default -> null;   // certificates, approvals and judgments that do not expire
    };
    reply(ctx, 200, new JsonObject()
        .put("valid", true)
        .put("type", type)
        .put("number", number)
        .put("holderName", holder.name())
        .put("holderIdNumber", holder.id)
        .put("issuedBy", ISSUERS.getOrDefault(type, "衡阳市政务服务中心"))
        .put("issuedOn", issued.toString())
        .put("validUntil", validUntil));
  }

  /** A certificate about an enterprise (营业执照 and the like): its holder is the credit code. */
  private static void enterpriseCertificate(RoutingContext ctx, String type, String creditCode, String ref) {
    LocalDate issued = LocalDate.of(2016, 1, 1).plusDays(hash(ref, "issued") % 3_000);
    reply(ctx, 200, new JsonObject()
        .put("valid", true)
        .put("type", type)
        .put("number", creditCode)
        .put("holderName", enterpriseName(creditCode))
        .put("holderCreditCode", creditCode)
        .put("issuedBy", ISSUERS.getOrDefault(type, "衡阳市政务服务中心"))
        .put("issuedOn", issued.toString())
        .put("validUntil", null));
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
  }

  /** A plausible value of {@code f} for {@code p}. */
  private static Object value(FieldSpec f, Person p) {
    String n = f.name();
    if (n.endsWith("Name") && f.format() == null && isPersonName(n)) return related(n, p).name();
    if ("id-number".equals(f.format())) return related(n, p).id;
    if ("credit-code".equals(f.format())) {
      String first17 = "91430400MA4" + String.format("%06d", p.pick("credit", 1_000_000));
      return first17 + CreditCodes.checkChar(first17);
    }
    if (f.enumValues() != null && !f.enumValues().isEmpty()) return f.enumValues().get(p.pick("enum:" + n, f.enumValues().size()));
    LocalDate adult = p.birth.plusYears(18);
    int serviceYears = 2 + p.pick("service", 12);
    LocalDate enlist = adult.plusDays(p.pick("enlist", 700));
    switch (n) {
      case "householdAddress", "premisesAddress", "propertyAddress", "constructionSite", "deceasedHouseholdAddress":
        return address(p, n);
      case "enterpriseName":
        return "衡阳市" + SHOP_WORDS[p.pick("shop", SHOP_WORDS.length)] + SHOP_KINDS[p.pick("kind", SHOP_KINDS.length)];
      case "industryCategory":
        return INDUSTRIES[p.pick("industry", INDUSTRIES.length)];
      case "changeContentBefore":
        return "住所：" + address(p, "old");
      case "propertyCertificateNumber":
        return "湘(" + (2012 + p.pick("pyear", 12)) + ")衡阳市不动产权第" + String.format("%07d", p.pick("pcert", 10_000_000)) + "号";
      case "propertyArea":
        return 60 + p.pick("area", 12_000) / 100.0;
      case "marriageCertificateNumber":
        return "J430408-" + Math.max(adult.plusYears(4).getYear(), 1990) + "-" + String.format("%06d", p.pick("mcert", 1_000_000));
      case "disabilityCertificateNumber":
        return p.id + (1 + p.pick("dtype", 7)) + (1 + p.pick("dlevel", 4));
      case "dischargeCertificateNumber":
        return "退字第" + enlist.plusYears(serviceYears).getYear() + String.format("%05d", p.pick("dcert", 100_000)) + "号";
      case "enlistmentDate":
        return enlist.toString();
      case "dischargeDate":
        return enlist.plusYears(serviceYears).toString();
      case "serviceYears":
        return serviceYears;
      case "workStartDate":
        return p.birth.plusYears(20).plusDays(p.pick("work", 1_500)).withDayOfMonth(1).toString();
      case "housingFundAccountNumber":
        return "4304" + String.format("%012d", Math.abs(hash(p.id, "hf")) % 1_000_000_000_000L);
      case "insuredRegion":
        return "衡阳市" + DISTRICTS[p.pick("district", DISTRICTS.length)];
      case "annualRevenue":
        return 50 + p.pick("revenue", 500_000) / 100.0;
      case "rdExpense":
        return 1 + p.pick("rd", 30_000) / 100.0;
      case "projectName":
        return "衡阳市" + SHOP_WORDS[p.pick("shop", SHOP_WORDS.length)] + "产业园" + (1 + p.pick("phase", 3)) + "期项目";
      case "projectCode":
        return (2020 + p.pick("pc-year", 6)) + "-430400-" + String.format("%02d", 47 + p.pick("pc-ind", 3)) + "-01-" + String.format("%06d", p.pick("pc", 1_000_000));
      case "totalInvestment":
        return 500 + p.pick("invest", 5_000_000) / 100.0;
      case "planningPermitNumber":
        return "建字第430400" + (2020 + p.pick("pc-year", 6)) + String.format("%05d", p.pick("permit", 100_000)) + "号";
      default:
        break;
    }
    return switch (f.type()) {
      case "date" -> adult.plusDays(p.pick("date:" + n, 3_000)).toString();
      case "date-time" -> adult.plusDays(p.pick("date:" + n, 3_000)) + "T09:00:00+08:00";
      case "integer" -> (int) (f.minimum() != null ? f.minimum() : 0) + p.pick("int:" + n, 10);
      case "number" -> (f.minimum() != null ? f.minimum() : 0) + p.pick("num:" + n, 10_000) / 100.0;
      case "boolean" -> p.pick("bool:" + n, 2) == 0;
      default -> f.title() + String.format("%04d", p.pick("str:" + n, 10_000));
    };
  }

  private static boolean isPersonName(String n) {
    return !Set.of("enterpriseName", "projectName", "bankName").contains(n);
  }

  /** Who a name or ID field is about: the person themselves, or a relative derived from them. */
  private static Person related(String field, Person p) {
    String who = field.replaceAll("(Name|IdNumber)$", "");
    return switch (who) {
      case "mother" -> p.parent(false);
      case "father", "householdHead" -> p.age() >= 30 && who.equals("householdHead") ? p : p.parent(true);
      case "guardian" -> p.parent(p.pick("guardian", 2) == 0);
      case "male" -> p.male ? p : p.spouse();
      case "female" -> p.male ? p.spouse() : p;
      default -> p;
    };
  }

  private static String address(Person p, String salt) {
    return "湖南省衡阳市" + DISTRICTS[p.pick("district:" + salt, DISTRICTS.length)] + ROADS[p.pick("road:" + salt, ROADS.length)]
        + (1 + p.pick("no:" + salt, 300)) + "号" + (1 + p.pick("bldg:" + salt, 20)) + "栋" + (1 + p.pick("unit:" + salt, 4)) + "单元"
        + (1 + p.pick("floor:" + salt, 18)) + String.format("%02d", 1 + p.pick("room:" + salt, 4)) + "室";
  }

  private static long hash(String value, String salt) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest((salt + "|" + value).getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
      return h & Long.MAX_VALUE;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A resident as the ID number describes them: birth date from digits 7-14, sex from digit 17 (odd = male). */
  private static final class Person {
    final String id;
    final LocalDate birth;
    final boolean male;

    Person(String id) {
      this.id = id;
      this.birth = LocalDate.parse(id.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE);
      this.male = (id.charAt(16) - '0') % 2 == 1;
    }

    int pick(String salt, int n) { return (int) (hash(id, salt) % n); }

    int age() { return java.time.Period.between(birth, LocalDate.now()).getYears(); }

    String surname() { return SURNAMES[pick("surname", SURNAMES.length)]; }

    String name() {
      String[] given = male ? MALE : FEMALE;
      return (forcedSurname != null ? forcedSurname : surname()) + given[pick("given", given.length)];
    }

    /** Father keeps the surname; the mother's is her own. */
    Person parent(boolean father) {
      LocalDate b = birth.minusYears(24 + pick(father ? "fa" : "mo", 10)).minusDays(pick(father ? "fad" : "mod", 300));
      Person parent = new Person(derivedId(id + (father ? "F" : "M"), id.substring(0, 6), b, father));
      return father ? parent.withSurname(surname()) : parent;
    }

    Person spouse() {
      LocalDate b = birth.plusDays(pick("spouse-age", 2_000) - 1_000);
      return new Person(derivedId(id + "S", id.substring(0, 6), b, !male));
    }

    private String forcedSurname;

    Person withSurname(String s) {
      forcedSurname = s;
      return this;
    }

    static String derivedId(String seed, String region, LocalDate birth, boolean male) {
      int seq = (int) (hash(seed, "seq") % 499) * 2 + (male ? 1 : 0);
      String first17 = region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", seq % 1000);
      return first17 + IdNumbers.checkChar(first17);
    }
  }
}
