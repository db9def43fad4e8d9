#!/usr/bin/env python3
"""OneGo speed bench (issue 10): one command, one machine, one run, ratios side by side.

Phases (all by default, or pick with --phases):
  yardstick  pgbench writing one newborn submission's rows per transaction (load-tests/pgbench/run.sh)
  intake     OneGo with the router and simulators off: constant-rate steps up the --rates ladder
             until one is not sustained, then a run at 70 % of the best sustained rate (p50/p99)
  drain      cases queued with the router off, then the router on, every department pointed at
             an external fast receiver (Receiver.java, its own process): items/s until none is queued,
             and the rate once warm (while the backlog went from 70 % to 10 %)
  pull       cases queued as for drain, every department configured `mode: pull`; then a consumer in its own
             process (PullConsumer.java: --pull-connections threads, long polls of --pull-limit items, batch acks)
             pulls and acks until none is queued: items/s overall and once warm, and a check in the database that
             every item was dispatched exactly once (missing / duplicate ItemDispatched events)
  full       the same node (router on): intake steps while dispatch keeps up (backlog not growing)
  soak       the same node: intake at 70 % of full's best (or --soak-rate; half of full's first step when none
             was sustained) for --soak-seconds, one step a minute, the heap after a full GC after each
  hotline    GET /hotline/cases/{id} steps on that node (after a 20 s warm-up)
  twonodes   two nodes on one database (router off), --two-nodes-rate cases/s on each for --seconds, while
             pg_stat_activity is sampled every 50 ms: backends waiting on a lock, and how many of those are audit
             statements (not in the default set: --phases twonodes)
It prints one summary at the end: yardstick, OneGo's maximum sustained rate and the ratio, p50/p99
at 70 %, the drain rate, the soak, the hotline, and the CPU split (server / database / generator /
whole machine busy, in cores). When the server runs without autovacuum (this machine's CI setting) it
stands in for it: ANALYZE after each warm-up, and VACUUM (ANALYZE) of the scratch database every minute,
throttled as autovacuum is (vacuum_cost_delay 2 ms; --vacuum-cost-delay).

Needs: a built intake-server/dev/target/onego-dev.jar (or --jar), PostgreSQL (psql, pgbench) and
Redis on localhost, JDK 17. Scratch databases are named <--db-prefix>_* and dropped at the end.

  python3 load-tests/bench/bench.py                          # everything, about 30 minutes (10 of them the soak)
  python3 load-tests/bench/bench.py --phases intake --rates 400,800,1200 --seconds 20 --jar /tmp/old.jar
  python3 load-tests/bench/bench.py --phases pull            # the pull drain alone, about 2 minutes
"""
import argparse, base64, json, os, subprocess, sys, tempfile, threading, time, urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TICK = os.sysconf("SC_CLK_TCK")


def sh(*args, **kw):
    return subprocess.run(args, check=True, **kw)


def psql(db, sql):
    return subprocess.check_output(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qtAXc", sql, db]).decode().strip()


def fresh_db(name):
    psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    psql("postgres", f"CREATE DATABASE {name}")


def analyze(db):
    """Stands in for autoanalyze: this machine's PostgreSQL runs with autovacuum off (a CI setting), and then
    the plans the node cached while its tables were nearly empty (sequential scans) are never replanned."""
    psql(db, "ANALYZE")


class Autovacuum:
    """Stands in for autovacuum when the server has it off: VACUUM (ANALYZE) of the scratch database every
    `every` seconds (autovacuum's default naptime is a minute). Without it, dead row versions pile up in
    case_items and every claim walks past them (measured: 2 ms a claim, PostgreSQL at 0.95 cores for 280
    cases/s). Its own backend's CPU is not counted in the `database` column.

    Throttled as autovacuum is (vacuum_cost_delay 2 ms, autovacuum_vacuum_cost_delay's default): a manual
    VACUUM runs unthrottled (cost delay 0), and over a freshly written database it dirtied every page at
    once; the commits queued behind that write burst, a stall of seconds at every minute of a step that the
    autovacuum it stands in for does not cause. Each VACUUM's start and end are printed (UTC) to line up
    with a step's slowest seconds."""

    def __init__(self, db, every=60, cost_delay_ms=2):
        self.stopped = threading.Event()
        self.thread = None
        if psql("postgres", "SHOW autovacuum") == "on":
            return
        env = dict(os.environ, PGOPTIONS=f"-c vacuum_cost_delay={cost_delay_ms}")

        def run():
            while not self.stopped.wait(every):
                start = time.strftime("%H:%M:%S", time.gmtime())
                try:
                    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qtAXc", "VACUUM (ANALYZE)", db], env=env,
                                   check=True, capture_output=True)
                except subprocess.CalledProcessError:
                    pass
                print(f"    (vacuum stand-in: {start} to {time.strftime('%H:%M:%S', time.gmtime())} UTC, cost delay {cost_delay_ms} ms)",
                      flush=True)
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def stop(self):
        self.stopped.set()
        if self.thread:
            self.thread.join(timeout=120)


def drop_db(name):
    psql("postgres", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            total += int(parts[11]) + int(parts[12]) + int(parts[13]) + int(parts[14])  # utime stime cutime cstime
        except (FileNotFoundError, ProcessLookupError, IndexError):
            pass
    return total


def busy_ticks():
    """CPU ticks the whole machine spent busy: user, nice, system, irq, softirq and steal (not idle, not iowait)."""
    with open("/proc/stat") as f:
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in f.readline().split()[1:9])
    return user + nice + system + irq + softirq + steal


def postgres_pids(db):
    """The server processes of the node's own connections (other databases on the same server are not counted)."""
    return [int(p) for p in psql("postgres", f"SELECT pid FROM pg_stat_activity WHERE datname = '{db}'").split()]


class CpuMeter:
    """Cores used by the server, its PostgreSQL backends and the load generator between start() and stop()."""

    def __init__(self, server_pid, db):
        self.server_pid = server_pid
        self.db = db

    def start(self, driver_pid):
        self.driver_pid = driver_pid
        self.t0 = time.time()
        self.pg0 = postgres_pids(self.db)
        self.s0, self.d0, self.p0 = cpu_ticks([self.server_pid]), cpu_ticks([driver_pid]), cpu_ticks(self.pg0)
        self.busy0 = busy_ticks()

    def stop(self):
        wall = time.time() - self.t0
        pg = cpu_ticks(set(self.pg0) | set(postgres_pids(self.db)))
        total = busy_ticks() - self.busy0
        return {"server": round((cpu_ticks([self.server_pid]) - self.s0) / TICK / wall, 2),
                "database": round((pg - self.p0) / TICK / wall, 2),
                "generator": round((cpu_ticks([self.driver_pid]) - self.d0) / TICK / wall, 2),
                "machine": round(total / TICK / wall, 2)}


class Tools:
    """The JDK-only generator and receiver, compiled once."""

    def __init__(self):
        self.out = tempfile.mkdtemp(prefix="onego-bench-")
        storm = os.path.join(ROOT, "load-tests", "storm")
        sh("javac", "-d", self.out, os.path.join(storm, "Json.java"), os.path.join(storm, "Submissions.java"),
           *(os.path.join(HERE, f) for f in ("Drive.java", "Step.java", "Sender.java", "ResponseReader.java", "Receiver.java",
                                                 "PullConsumer.java")))

    @staticmethod
    def start(cmd):
        """Starts the generator; answers it and an Event set when its first step starts sending (or it ended).
        Its stderr is passed on, but for the "Drive: step starting:" lines."""
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        starting = threading.Event()

        def forward():
            for line in p.stderr:
                if line.startswith("Drive: step starting:"):
                    starting.set()
                else:
                    sys.stderr.write(line)
            starting.set()
        threading.Thread(target=forward, daemon=True).start()
        return p, starting

    def drive(self, mode, base, rates, seconds, extra=()):
        cmd = ["java", "-Xmx512m", "-cp", self.out, "Drive", mode, "--base", base, "--rates", ",".join(str(r) for r in rates),
               "--seconds", str(seconds), *extra]
        p, _ = self.start(cmd)
        lines = []
        for line in p.stdout:
            lines.append(json.loads(line))
            print("   ", line.strip(), flush=True)
        p.wait()
        if p.returncode != 0:
            sys.exit(f"the generator failed ({p.returncode})")
        return lines

    def step(self, mode, base, rate, seconds, meter, extra=()):
        """One constant-rate step with the CPU split measured over it."""
        cmd = ["java", "-Xmx512m", "-cp", self.out, "Drive", mode, "--base", base, "--rates", str(rate),
               "--seconds", str(seconds), *extra]
        p, starting = self.start(cmd)
        starting.wait()  # the generator builds every request of the step first: not part of the step
        meter.start(p.pid)
        out = p.stdout.read()
        cpu = meter.stop()
        p.wait()
        if p.returncode != 0:
            sys.exit(f"the generator failed ({p.returncode})")
        r = json.loads(out.strip().splitlines()[-1])
        r["cpu"] = cpu
        print("   ", json.dumps(r), flush=True)
        return r


def sustained(r, p99_ms):
    offered = r["sent"] + r["skipped"]
    return (r["skipped"] == 0 and r["ok"] >= 0.99 * offered and r["p99Ms"] <= p99_ms
            and r["seconds"] <= r["sendSeconds"] + 2.0)


class Node:
    log_path = "/tmp/onego-bench-node.log"  # --node-log
    jvm = []  # --gc-log adds -Xlog:gc* here

    def __init__(self, jar, db, port, overlay, jfr=None, log=None):
        log = log or Node.log_path
        env = dict(os.environ, ONEGO_PG_URL=f"postgresql://postgres@127.0.0.1:5432/{db}", ONEGO_REDIS_URL="redis://127.0.0.1:6379",
                   ONEGO_HTTP_PORT=str(port), ONEGO_CONFIG=overlay)
        cmd = ["java", "-Xmx512m", *Node.jvm]
        if jfr:
            cmd += [f"-XX:StartFlightRecording=filename={jfr},settings=profile", "-XX:FlightRecorderOptions=stackdepth=256"]
        self.db = db
        self.log = open(log, "a")
        self.p = subprocess.Popen(cmd + ["-jar", jar], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(180):
            try:
                urllib.request.urlopen(self.base + "/health/ready", timeout=1)
                return
            except Exception:
                if self.p.poll() is not None:
                    break
                time.sleep(0.5)
        self.stop()
        sys.exit(f"the node did not start; see {log}")

    def get(self, path):
        return json.load(urllib.request.urlopen(self.base + path, timeout=10))

    def settle(self, limit_s=90):
        """Waits until no submission waits for a transaction and no committed audit row waits to be sealed (a build
        with the audit sequencer): what a step left behind must not count in the next."""
        end = time.time() + limit_s
        sequenced = psql(self.db, "SELECT to_regclass('audit_pending') IS NOT NULL") == "t"
        while time.time() < end:
            try:
                text = urllib.request.urlopen(self.base + "/metrics", timeout=10).read().decode()
                pending = [float(l.split()[-1]) for l in text.splitlines() if l.startswith("onego_intake_pending")]
                if (not pending or pending[0] == 0) and (not sequenced or psql(self.db, "SELECT count(*) FROM audit_pending") == "0"):
                    return
            except Exception:
                pass
            time.sleep(1)

    def stop(self):
        if self.p.poll() is None:
            self.p.terminate()
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                self.p.kill()
        self.log.close()


def overlay(text):
    f = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    f.write(text)
    f.close()
    return f.name


LIFTED = ("rateLimit: {roles: {channel: {perSecond: 1000000, burst: 1000000}, hotline: {perSecond: 1000000, burst: 1000000}}}\n"
          "devsim: {enabled: false}\n")


def yardstick(a):
    env = dict(os.environ, DB=f"{a.db_prefix}_scratch_pgbench", CLIENTS=str(a.pgbench_clients), SECONDS_=str(a.pgbench_seconds))
    out = subprocess.check_output([os.path.join(ROOT, "load-tests", "pgbench", "run.sh")], env=env, text=True)
    tps = next(float(l.split("=")[1].split()[0]) for l in out.splitlines() if l.startswith("tps ="))
    lat = next((l for l in out.splitlines() if l.startswith("latency from")), "")
    print(f"  pgbench: {tps:.0f} tps ({a.pgbench_clients} clients); {lat}")
    return tps


def ladder(tools, node, a, mode="intake", extra=(), rates=None, check=None):
    """Steps up the ladder; answers (best sustained step, all steps)."""
    meter = CpuMeter(node.p.pid, node.db)
    best, steps = None, []
    for rate in rates or a.rates:
        node.settle()
        r = tools.step(mode, node.base, rate, a.seconds, meter, extra)
        ok = sustained(r, a.p99_ms) and (check is None or check(r))
        r["sustained"] = ok
        steps.append(r)
        if not ok:
            break
        best = r
    return best, steps


def audit_check(nodes):
    """The audit trail after a phase: from the nodes' /metrics the merge delay of the rows they sealed (rows,
    share sealed within the promise, the largest delay of the last two minutes: Micrometer's max decays), then
    GET /admin/audit/verify once nothing is left unsealed (up to 60 s). A build without the sequencer has no
    merge-delay metric: then only the verification."""
    out = {"sealed": 0, "withinPromise": 0}
    for node in nodes:
        text = urllib.request.urlopen(node.base + "/metrics", timeout=30).read().decode()
        values = {}
        for line in text.splitlines():
            if line.startswith("onego_audit_merge_delay"):
                name, value = line.rsplit(" ", 1)
                values[name] = float(value)
        promise = values.get("onego_audit_merge_delay_promise_seconds")
        if promise is None:
            continue
        out["promiseSeconds"] = promise
        out["sealed"] += int(values.get("onego_audit_merge_delay_seconds_count", 0))
        out["withinPromise"] += int(next((v for k, v in values.items() if k.startswith("onego_audit_merge_delay_seconds_bucket")
                                          and float(k.split('le="')[1].split('"')[0]) == promise), 0))
        out["maxSeconds"] = max(out.get("maxSeconds", 0), values.get("onego_audit_merge_delay_seconds_max", 0))
    if "promiseSeconds" not in out:
        out = {}
    req = urllib.request.Request(nodes[0].base + "/api/v1/admin/audit/verify", headers={"Authorization": "Bearer dev-admin"})
    for _ in range(60):
        try:
            v = json.load(urllib.request.urlopen(req, timeout=300))
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            out["verify"] = {"error": str(e)}
            break
        out["verify"] = {"ok": v.get("ok"), "days": len(v.get("days", [])), "rows": sum(d.get("rows", 0) for d in v.get("days", [])),
                         "broken": v.get("broken"), "unsealed": v.get("unsealed")}
        if not (v.get("unsealed") or {}).get("rows"):
            break
        time.sleep(1)
    print(f"  audit: {json.dumps(out)}")
    return out


def warm_up(tools, node, a):
    """JIT warm-up, not counted: a gentle ramp with few requests open, so a cold node is not flooded."""
    print("  warm-up (not counted)")
    for rate in (max(1, a.warmup_rate // 4), max(1, a.warmup_rate // 2), a.warmup_rate):
        node.settle()
        tools.drive("intake", node.base, [rate], max(1, a.warmup_seconds // 3), extra=("--max-open", "200"))


def intake_phase(tools, a, summary):
    db = f"{a.db_prefix}_intake"
    fresh_db(db)
    vacuum = Autovacuum(db, cost_delay_ms=a.vacuum_cost_delay)
    node = Node(a.jar, db, a.port, overlay(LIFTED + "router: {enabled: false, backlogLimit: 1000000000}\n"),
                jfr=a.jfr and f"{a.jfr_prefix}-intake.jfr")
    try:
        warm_up(tools, node, a)
        analyze(db)
        best, steps = ladder(tools, node, a)
        summary["intake"] = {"steps": steps, "best": best}
        if best:
            r70 = round(best["rate"] * 0.7)
            print(f"  at 70 % of {best['rate']:.0f}/s = {r70}/s")
            summary["intake"]["at70"] = tools.step("intake", node.base, r70, a.seconds, CpuMeter(node.p.pid, node.db))
        summary["departments"] = [d["code"] for d in node.get("/api/v1/departments")["departments"]]
        summary["intake"]["audit"] = audit_check([node])
    finally:
        node.stop()
        vacuum.stop()
        drop_db(db)


def warm_rate(trace, items):
    """Items/s while the backlog went from 70 % to 10 % of what was queued: the node has just started, so the
    first seconds of a drain are its JIT warming up; None when the drain was too short to tell."""
    start = next((t for t, left in trace if left <= 0.7 * items), None)
    end = next((t for t, left in trace if left <= 0.1 * items), None)
    if start is None or end is None or end - start < 2:
        return None
    return round(0.6 * items / (end - start))


def departments_overlay(codes, receiver_port, in_flight):
    secret = "whsec_" + base64.b64encode(b"onego-bench-receiver-key-32bytes").decode()
    lines = ["departments:"]
    for c in codes:
        lines.append(f"  {c}: {{mode: push, endpoint: 'http://127.0.0.1:{receiver_port}/{c}', secret: '{secret}', "
                     f"maxInFlight: {in_flight}, timeoutMs: 10000}}")
    return "\n".join(lines) + "\n"


def queued(db):
    return int(psql(db, "SELECT count(*) FROM case_items WHERE status = 'QUEUED'"))


def until_drained(db, up):
    """Reads the queued items every 0.2 s (at most 600 s from `up`) until none is left; answers the trace
    ((seconds since `up`, items still queued: a leased item not yet acknowledged counts), ...) and the time it ended."""
    trace = []
    while time.time() - up < 600:
        left = queued(db)
        trace.append((time.time() - up, left))
        if left == 0:
            break
        time.sleep(0.2)
    return trace, time.time()


def full_phases(tools, a, summary):
    codes = summary.get("departments")
    db = f"{a.db_prefix}_full"
    fresh_db(db)
    vacuum = Autovacuum(db, cost_delay_ms=a.vacuum_cost_delay)
    if not codes:
        node = Node(a.jar, db, a.port, overlay(LIFTED + "router: {enabled: false}\n"))
        codes = [d["code"] for d in node.get("/api/v1/departments")["departments"]]
        node.stop()
    receiver = subprocess.Popen(["java", "-Xmx256m", "-cp", tools.out, "Receiver", str(a.receiver_port)], stdout=subprocess.DEVNULL)
    time.sleep(1.5)
    depts = departments_overlay(codes, a.receiver_port, a.in_flight)
    try:
        if "drain" in a.phases:
            items = queue_cases(tools, a, db, depts)
            print(f"  {items} items queued; router on")
            t0 = time.time()
            node = Node(a.jar, db, a.port, overlay(LIFTED + depts + "router: {enabled: true, backlogLimit: 1000000000}\n"),
                        jfr=a.jfr and f"{a.jfr_prefix}-drain.jfr")
            up = time.time()
            meter = CpuMeter(node.p.pid, node.db)
            meter.start(receiver.pid)
            trace, done = until_drained(db, up)
            cpu = meter.stop()
            warm = warm_rate(trace, items)
            stats = json.load(urllib.request.urlopen(f"http://127.0.0.1:{a.receiver_port}/stats"))
            dispatched = int(psql(db, "SELECT count(*) FROM case_items WHERE status = 'DISPATCHED'"))
            rate = dispatched / (done - up)
            print(f"  drained {dispatched} items in {done - up:.1f} s (node start {up - t0:.1f} s not counted): {rate:.0f} items/s, "
                  f"{warm} items/s once warm; receiver {stats}; cpu {cpu} (generator = the receiver)")
            summary["drain"] = {"items": dispatched, "seconds": round(done - up, 1), "itemsPerSecond": round(rate),
                                "warmItemsPerSecond": warm, "receiver": stats, "cpu": cpu}
        else:
            node = Node(a.jar, db, a.port, overlay(LIFTED + depts + "router: {enabled: true, backlogLimit: 1000000000}\n"),
                        jfr=a.jfr and f"{a.jfr_prefix}-full.jfr")
        if "full" in a.phases:
            print("  router on: intake steps while dispatch keeps up")

            def keeps_up(r):
                left = queued(db)
                ok = left <= max(2000, 0.05 * r["ok"] * 3)
                print(f"    queued items after the step: {left} ({'keeping up' if ok else 'backlog growing'})")
                r["queuedAfter"] = left
                return ok
            warm_up(tools, node, a)
            analyze(db)
            best, steps = ladder(tools, node, a, check=keeps_up, rates=a.full_rates)
            summary["full"] = {"steps": steps, "best": best}
            time.sleep(3)
            stats = json.load(urllib.request.urlopen(f"http://127.0.0.1:{a.receiver_port}/stats"))
            summary["full"]["receiver"] = stats
            summary["full"]["dispatched"] = int(psql(db, "SELECT count(*) FROM case_items WHERE status = 'DISPATCHED'"))
        if "soak" in a.phases:
            soak(tools, node, a, summary, db)
        if "hotline" in a.phases:
            print("  hotline look-ups (warm-up of 20 s at the first rate, not counted)")
            tools.drive("hotline", node.base, [a.hotline_rates[0]], 20, extra=("--cases", "300"))
            analyze(db)
            best, steps = ladder(tools, node, a, mode="hotline", extra=("--cases", "300"), rates=a.hotline_rates)
            summary["hotline"] = {"steps": steps, "best": best}
        summary["routerOnAudit"] = audit_check([node])
        node.stop()
    finally:
        receiver.terminate()
        receiver.wait()
        vacuum.stop()
        drop_db(db)

def pull_overlay(codes):
    return "departments:\n" + "".join(f"  {c}: {{mode: pull}}\n" for c in codes)


def queue_cases(tools, a, db, depts):
    """The drain's backlog: --drain-cases cases filed with the router off, the node stopped, the tables analyzed;
    answers how many items are queued."""
    node = Node(a.jar, db, a.port, overlay(LIFTED + depts + "router: {enabled: false, backlogLimit: 1000000000}\n"))
    print(f"  queueing {a.drain_cases} cases with the router off")
    tools.drive("intake", node.base, [a.drain_fill_rate], max(1, round(a.drain_cases / a.drain_fill_rate)), extra=("--max-open", "200"))
    node.settle()
    node.stop()
    analyze(db)
    return queued(db)


def pull_phase(tools, a, summary):
    """Every department pulls: the backlog drained by PullConsumer (its own process), long polls and batch acks."""
    db = f"{a.db_prefix}_pull"
    fresh_db(db)
    vacuum = Autovacuum(db, cost_delay_ms=a.vacuum_cost_delay)
    codes = summary.get("departments")
    if not codes:
        node = Node(a.jar, db, a.port, overlay(LIFTED + "router: {enabled: false}\n"))
        codes = [d["code"] for d in node.get("/api/v1/departments")["departments"]]
        node.stop()
    depts = pull_overlay(codes)
    try:
        items = queue_cases(tools, a, db, depts)
        print(f"  {items} items queued; node up, consumer pulling ({a.pull_connections} connections, limit {a.pull_limit})")
        node = Node(a.jar, db, a.port, overlay(LIFTED + depts + "router: {enabled: true, backlogLimit: 1000000000}\n"),
                    jfr=a.jfr and f"{a.jfr_prefix}-pull.jfr")
        consumer = None
        try:
            up = time.time()
            consumer = subprocess.Popen(["java", "-Xmx512m", "-cp", tools.out, "PullConsumer", "--base", node.base,
                                         "--departments", ",".join(codes), "--connections", str(a.pull_connections),
                                         "--limit", str(a.pull_limit), "--ack-batch", str(a.pull_limit)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            meter = CpuMeter(node.p.pid, node.db)
            meter.start(consumer.pid)
            trace, done = until_drained(db, up)
            cpu = meter.stop()
            consumer.stdin.close()
            stats = json.loads(consumer.stdout.read().strip().splitlines()[-1])
            consumer.wait()
            audit = audit_check([node])
        finally:
            if consumer and consumer.poll() is None:
                consumer.kill()
            node.stop()
        warm = warm_rate(trace, items)
        dispatched = int(psql(db, "SELECT count(*) FROM case_items WHERE status = 'DISPATCHED'"))
        events = int(psql(db, "SELECT count(*) FROM case_events WHERE type = 'ItemDispatched'"))
        twice = int(psql(db, "SELECT count(*) FROM (SELECT item_id FROM case_events WHERE type = 'ItemDispatched' "
                             "GROUP BY item_id HAVING count(*) > 1) d"))
        # an item queued behind another of its case (a sequence) is released by that one's dispatch: ready later, not missing
        missing = int(psql(db, "SELECT count(*) FROM case_items WHERE status IN ('QUEUED', 'DELIVERY_FAILED')"))
        rate = dispatched / (done - up)
        print(f"  pulled {dispatched} items ({items} queued at the start, {dispatched - items} released during the drain) in "
              f"{done - up:.1f} s: {rate:.0f} items/s, {warm} items/s once warm; missing (left queued or dead-lettered) {missing}, "
              f"dispatched twice {twice} ({events} ItemDispatched events); consumer {stats}; cpu {cpu} (generator = the consumer)")
        summary["pull"] = {"items": items, "dispatched": dispatched, "missing": missing, "dispatchedTwice": twice,
                           "seconds": round(done - up, 1), "itemsPerSecond": round(rate), "warmItemsPerSecond": warm,
                           "consumer": stats, "cpu": cpu, "connections": a.pull_connections, "limit": a.pull_limit, "audit": audit}
    finally:
        vacuum.stop()
        drop_db(db)


SAMPLE_LOCKS = """
CREATE TEMP TABLE samples (at timestamptz, pid int, wait_type text, wait_event text, statement text);
DO $$
BEGIN
  FOR i IN 1..{n} LOOP
    PERFORM pg_stat_clear_snapshot();
    INSERT INTO samples SELECT clock_timestamp(), pid, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 48)
      FROM pg_stat_activity WHERE datname = '{db}' AND state = 'active' AND pid <> pg_backend_pid();
    PERFORM pg_sleep({every});
  END LOOP;
END $$;
SELECT json_build_object(
  'samples', {n},
  'active', (SELECT count(*) FROM samples),
  'lockWaits', (SELECT count(*) FROM samples WHERE wait_type = 'Lock'),
  'auditLockWaits', (SELECT count(*) FROM samples WHERE wait_type = 'Lock' AND statement ILIKE '%audit%'),
  'byWait', (SELECT coalesce(json_object_agg(k, c), '{{}}') FROM (SELECT coalesce(wait_type, 'CPU') || ':' || coalesce(wait_event, '-') AS k,
             count(*) AS c FROM samples GROUP BY 1 ORDER BY 2 DESC LIMIT 12) w),
  'lockedStatements', (SELECT coalesce(json_object_agg(statement, c), '{{}}') FROM (SELECT statement, count(*) AS c FROM samples
             WHERE wait_type = 'Lock' GROUP BY 1 ORDER BY 2 DESC LIMIT 5) l));
"""


def two_nodes_phase(tools, a, summary):
    """Two nodes on one database (router off), intake on both at once, while pg_stat_activity is sampled every
    50 ms from a third connection: how often a backend of either node waits on a heavyweight lock, and how often
    that is an audit statement (before the sequencer: every audited commit waited for the day's head row)."""
    db = f"{a.db_prefix}_twonodes"
    fresh_db(db)
    vacuum = Autovacuum(db, cost_delay_ms=a.vacuum_cost_delay)
    conf = overlay(LIFTED + "router: {enabled: false, backlogLimit: 1000000000}\n")
    nodes = [Node(a.jar, db, a.port, conf), Node(a.jar, db, a.port + 1, conf, log="/tmp/onego-bench-node2.log")]
    try:
        for n in nodes:
            tools.drive("intake", n.base, [max(1, a.warmup_rate // 2)], 10, extra=("--max-open", "200"))
        analyze(db)
        rate, seconds = a.two_nodes_rate, a.seconds
        print(f"  {rate}/s on each node for {seconds} s; pg_stat_activity sampled every 50 ms")
        out = {}
        sampler = threading.Thread(target=lambda: out.update(json.loads(psql("postgres", SAMPLE_LOCKS.format(
            n=int(seconds / 0.05), db=db, every=0.05)).splitlines()[-1])))
        results = [None, None]

        def run(i):
            results[i] = tools.drive("intake", nodes[i].base, [rate], seconds)[-1]
        drivers = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in drivers:
            t.start()
        time.sleep(2)  # the generators build their requests first
        sampler.start()
        for t in drivers + [sampler]:
            t.join()
        for n in nodes:
            n.settle()
        verified = audit_check(nodes)
        out["nodes"] = [{"rate": r["rate"], "ok": r["ok"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"]} for r in results]
        out["auditRows"] = int(psql(db, "SELECT count(*) FROM audit_log"))
        out["verify"] = verified
        print(f"  {json.dumps(out)}")
        summary["twoNodes"] = out
    finally:
        for n in nodes:
            n.stop()
        vacuum.stop()
        drop_db(db)


def heap_after_full_gc(pid):
    """MiB of heap in use right after a full collection (jcmd GC.run, then GC.heap_info)."""
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True)
    info = subprocess.check_output(["jcmd", str(pid), "GC.heap_info"], text=True)
    used = next(l for l in info.splitlines() if "total" in l and "used" in l).split("used")[1].split()[0]
    return round(int(used.rstrip("K")) / 1024, 1)


def soak(tools, node, a, summary, db):
    """Intake at a constant rate with dispatch on for --soak-seconds, one step a minute; after each the heap
    after a full GC, errors and the backlog. Passes when nothing failed and the heap did not grow."""
    full = summary.get("full", {})
    if a.soak_rate:
        rate = a.soak_rate
    elif full.get("best"):
        rate = round(0.7 * full["best"]["rate"])
    else:  # no sustained step with dispatch on: well below the first one, never intake's (router off) rate
        rate = round(0.5 * (a.full_rates[0] if full.get("steps") else 200))
    print(f"  soak: {rate}/s for {a.soak_seconds} s, router on (heap after a full GC each minute)")
    meter = CpuMeter(node.p.pid, node.db)
    minutes, heap0 = [], heap_after_full_gc(node.p.pid)
    for k in range(max(1, a.soak_seconds // 60)):
        r = tools.step("intake", node.base, rate, 60, meter)
        r["heapAfterGcMiB"] = heap_after_full_gc(node.p.pid)
        r["queuedAfter"] = queued(db)
        print(f"    minute {k + 1}: heap after full GC {r['heapAfterGcMiB']} MiB, queued {r['queuedAfter']}", flush=True)
        minutes.append(r)
    failed = sum(m["sent"] + m["skipped"] - m["ok"] for m in minutes)
    # the first minute is still filling caches and pools: growth is judged from there to the end
    growth = round(minutes[-1]["heapAfterGcMiB"] - minutes[0]["heapAfterGcMiB"], 1)
    summary["soak"] = {"rate": rate, "minutes": minutes, "heapBeforeMiB": heap0, "failed": failed, "heapGrowthMiB": growth,
                       "p99MsWorst": max(m["p99Ms"] for m in minutes), "queuedAfter": minutes[-1]["queuedAfter"]}


def report(summary, a):
    print("\n==================== OneGo bench summary ====================")
    print(f"conditions: {os.cpu_count()} CPUs, load average before the run {summary['loadBefore']}, autovacuum {summary['autovacuum']} "
          f"({'the server vacuums' if summary['autovacuum'] == 'on' else 'bench stands in: ANALYZE after each warm-up, VACUUM (ANALYZE) every minute, cost delay ' + str(a.vacuum_cost_delay) + ' ms'}), jar {a.jar}, "
          f"steps of {a.seconds} s, sustained = >= 99 % answered 2xx, nothing skipped, p99 <= {a.p99_ms} ms")
    y = summary.get("yardstick")
    if y:
        print(f"yardstick (pgbench, {a.pgbench_clients} clients):       {y:8.0f} submissions/s")

    def line(name, part):
        best = part and part.get("best")
        if not best:
            print(f"{name}: no sustained step (first step: {part and part['steps'] and part['steps'][0]})")
            return
        ratio = f" = {best['ok'] / best['seconds'] / y:.2f} x yardstick" if y else ""
        print(f"{name} max sustained:   {best['rate']:8.0f} cases/s offered, {best['ok'] / best['seconds']:.0f}/s committed{ratio}")
        print(f"   cpu at that step (cores): {best['cpu']}")
    if "intake" in summary:
        line("intake (router off)", summary["intake"])
        r70 = summary["intake"].get("at70")
        if r70:
            print(f"   at 70 % ({r70['rate']:.0f}/s): p50 {r70['p50Ms']} ms, p99 {r70['p99Ms']} ms, statuses {r70['statuses']}, cpu {r70['cpu']}")
    d = summary.get("drain")
    if d:
        print(f"dispatch drain:                     {d['itemsPerSecond']:8d} items/s ({d['items']} items, {d['seconds']} s; "
              f"{d['warmItemsPerSecond']} items/s once warm, from 70 % to 10 % of the backlog), "
              f"receiver {d['receiver']}, cpu {d['cpu']}")
    p = summary.get("pull")
    if p:
        print(f"pull drain:                         {p['itemsPerSecond']:8d} items/s ({p['dispatched']} items, {p['items']} of them queued at the start, {p['seconds']} s; "
              f"{p['warmItemsPerSecond']} items/s once warm; {p['connections']} connections, limit {p['limit']}), "
              f"missing {p['missing']}, dispatched twice {p['dispatchedTwice']}, consumer {p['consumer']}, cpu {p['cpu']}")
    if "full" in summary:
        line("full (router on, receiver)", summary["full"])
        f = summary["full"]
        print(f"   dispatched {f['dispatched']} items; receiver {f['receiver']} (repeats = redeliveries under the same webhook-id)")
    sk = summary.get("soak")
    if sk:
        heaps = [m["heapAfterGcMiB"] for m in sk["minutes"]]
        print(f"soak at {sk['rate']}/s for {len(heaps)} min: {sk['failed']} not answered 2xx, worst minute p99 {sk['p99MsWorst']} ms, "
              f"heap after full GC {sk['heapBeforeMiB']} MiB before, then {heaps} MiB (growth {sk['heapGrowthMiB']} MiB "
              f"from the first minute), queued at the end {sk['queuedAfter']}")
    if "hotline" in summary:
        h = summary["hotline"]
        b = h.get("best")
        print(f"hotline look-ups max sustained:     {b['rate'] if b else 0:8.0f}/s" + (f" (p50 {b['p50Ms']} ms, p99 {b['p99Ms']} ms, cpu {b['cpu']})" if b else ""))
    for name, part in (("intake", summary.get("intake", {}).get("audit")), ("router on", summary.get("routerOnAudit")),
                       ("pull", summary.get("pull", {}).get("audit"))):
        if part:
            print(f"audit after {name}: {part}")
    t = summary.get("twoNodes")
    if t:
        print(f"two nodes, {t['nodes'][0]['rate']:.0f}/s each: {t['active']} active-backend samples in {t['samples']} ticks, "
              f"{t['lockWaits']} waiting on a lock ({t['auditLockWaits']} of them audit statements); audit rows {t['auditRows']}, "
              f"verify {t['verify']}")
    print("==============================================================")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--phases", default="yardstick,intake,drain,pull,full,soak,hotline")
    ap.add_argument("--jar", default=os.path.join(ROOT, "intake-server", "dev", "target", "onego-dev.jar"))
    ap.add_argument("--db-prefix", default="onego_bench")
    ap.add_argument("--port", type=int, default=18180)
    ap.add_argument("--receiver-port", type=int, default=18190)
    ap.add_argument("--rates", default="400,700,1000,1300,1600,2000,2500,3000,3600")
    ap.add_argument("--full-rates", default="200,300,400,500,700,1000,1300,1600,2000", help="the ladder with dispatch on")
    ap.add_argument("--hotline-rates", default="2000,5000,8000,10000,12000")
    ap.add_argument("--seconds", type=int, default=20)
    ap.add_argument("--p99-ms", type=float, default=500)
    ap.add_argument("--warmup-rate", type=int, default=300)
    ap.add_argument("--warmup-seconds", type=int, default=30)
    ap.add_argument("--pgbench-clients", type=int, default=16)
    ap.add_argument("--pgbench-seconds", type=int, default=30)
    ap.add_argument("--drain-cases", type=int, default=12000)
    ap.add_argument("--drain-fill-rate", type=int, default=1000)
    ap.add_argument("--pull-connections", type=int, default=8, help="the pull consumer's connections (threads)")
    ap.add_argument("--pull-limit", type=int, default=500, help="limit of each pull, and leases of each batch ack")
    ap.add_argument("--in-flight", type=int, default=64, help="maxInFlight of every department")
    ap.add_argument("--soak-rate", type=int, default=0, help="cases/s of the soak (default: 70 %% of full's best, else intake's)")
    ap.add_argument("--soak-seconds", type=int, default=600)
    ap.add_argument("--two-nodes-rate", type=int, default=300, help="cases/s on each node in the twonodes phase")
    ap.add_argument("--jfr", action="store_true", help="record the node with JFR (--jfr-prefix: drain's node, or the node of full, soak and hotline when drain is not run)")
    ap.add_argument("--jfr-prefix", default="/tmp/onego-bench", help="with --jfr: the recordings are <prefix>-intake.jfr, -drain.jfr, -full.jfr and -pull.jfr")
    ap.add_argument("--vacuum-cost-delay", type=int, default=2,
                    help="ms: vacuum_cost_delay of the VACUUM standing in for autovacuum (2, autovacuum's; 0 = unthrottled)")
    ap.add_argument("--node-log", default=Node.log_path, help="the node's stdout and stderr (appended to)")
    ap.add_argument("--gc-log", help="the node's GC log (-Xlog:gc*, wall-clock times, to line up with the node log)")
    a = ap.parse_args()
    a.phases = set(a.phases.split(","))
    Node.log_path = a.node_log
    if a.gc_log:
        Node.jvm = [f"-Xlog:gc*,safepoint:file={a.gc_log}:time,uptime,level,tags"]
    a.rates = [int(r) for r in a.rates.split(",")]
    a.hotline_rates = [int(r) for r in a.hotline_rates.split(",")]
    a.full_rates = [int(r) for r in a.full_rates.split(",")]
    if not os.path.exists(a.jar):
        sys.exit(f"no {a.jar}: build it first (mvn -q package -DskipTests)")
    summary = {"loadBefore": os.getloadavg(), "autovacuum": psql("postgres", "SHOW autovacuum")}
    tools = Tools()
    if "yardstick" in a.phases:
        print("== yardstick")
        summary["yardstick"] = yardstick(a)
    if "intake" in a.phases:
        print("== intake, router off")
        intake_phase(tools, a, summary)
    if "pull" in a.phases:
        print("== pull: every department pulls, a consumer in its own process")
        pull_phase(tools, a, summary)
    if a.phases & {"drain", "full", "soak", "hotline"}:
        print("== router on, every department pushed to the receiver")
        full_phases(tools, a, summary)
    if "twonodes" in a.phases:
        print("== two nodes on one database, intake on both, lock waits sampled")
        two_nodes_phase(tools, a, summary)
    report(summary, a)
    with open("/tmp/onego-bench-summary.json", "w") as f:
        json.dump(summary, f, indent=1, default=str)
    print("all figures: /tmp/onego-bench-summary.json")


if __name__ == "__main__":
    main()
