#!/usr/bin/env python3
"""Dispatch throughput: how fast the router drains a backlog of queued items to a fast local endpoint.

1. starts OneGo with the router off and queues N newborn cases (2 ready health items each);
2. restarts it with the router on, the dev simulator as the department endpoint (it answers 200
   at once) and `departments.health.maxInFlight` = --in-flight;
3. times from the restart until every health item is DISPATCHED (polling PostgreSQL).
Needs: a built intake-server/dev/target/onego-dev.jar (the dev runner: it starts the simulated departments), PostgreSQL and Redis (URLs below), psql.
"""
import argparse, json, os, subprocess, sys, tempfile, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"
def id_number(n):
    s = "430102" + "19900101" + "%03d" % (n % 1000)
    return s + C[sum(int(a) * b for a, b in zip(s, W)) % 11]

def psql(db, sql):
    return subprocess.check_output(["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", sql, db]).decode().strip()

def start(db, overlay, port, log):
    env = dict(os.environ, ONEGO_PG_URL=f"postgresql://postgres@127.0.0.1:5432/{db}",
               ONEGO_REDIS_URL="redis://127.0.0.1:6379", ONEGO_HTTP_PORT=str(port), ONEGO_CONFIG=overlay)
    p = subprocess.Popen(["java", "-jar", "intake-server/dev/target/onego-dev.jar"], env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/live", timeout=1)
            return p
        except Exception:
            time.sleep(0.5)
    p.kill()
    sys.exit("server did not start; see the log")

def body(notice, n):
    form = {}
    for k, p in notice["form"]["properties"].items():
        if k not in notice["form"]["required"]: continue
        f, t = p.get("format"), p["type"]
        form[k] = (p["enum"][0] if "enum" in p else id_number(7) if f == "id-number" else "13700137000" if f == "phone"
                   else "2026-11-02" if f == "date" else "2026-11-02T08:30:00+08:00" if f == "date-time"
                   else int(p.get("minimum", 1)) if t == "integer" else p.get("minimum", 1.5) if t == "number" else "测试")
    # EC-<type>-<number> is what the dev profile's simulated e-certificate registry recognises
    mats = [{"code": m["code"], "ecertRef": f"EC-{m['ecertType']}-2026-0001"} if m["ecertType"]
            else {"code": m["code"], "fileRef": "R-" + m["code"]}
            for m in notice["materials"] if not m["waivable"]]
    return json.dumps({"thing": "newborn", "form": form, "materials": mats,
                       "applicant": {"type": "person", "idNumber": id_number(n), "name": "张三", "phone": "13800138000"}}).encode()

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--in-flight", type=int, default=64)
    ap.add_argument("--port", type=int, default=18080)
    a = ap.parse_args()
    db = "onego_dispatch_bench"
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {db}"], check=True)
    common = ("rateLimit: {roles: {channel: {perSecond: 100000, burst: 100000}}}\n"
              "devsim: {workDelayMs: 600000, supplementShare: 0}\n"
              f"departments: {{health: {{maxInFlight: {a.in_flight}}}}}\n")
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as off, \
         tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as on, open("/tmp/dispatch-bench.log", "w") as log:
        off.write(common + "router: {enabled: false}\n"); off.flush()
        on.write(common + "router: {enabled: true}\n"); on.flush()
        p = start(db, off.name, a.port, log)
        notice = json.load(urllib.request.urlopen(f"http://127.0.0.1:{a.port}/api/v1/things/newborn"))
        def submit(n):
            req = urllib.request.Request(f"http://127.0.0.1:{a.port}/api/v1/cases", data=body(notice, n), method="POST",
                                         headers={"Authorization": "Bearer dev-portal", "Idempotency-Key": f"bench-{n}",
                                                  "Content-Type": "application/json"})
            return urllib.request.urlopen(req, timeout=60).status
        with ThreadPoolExecutor(32) as ex:
            statuses = list(ex.map(submit, range(a.cases)))
        assert all(s == 201 for s in statuses), statuses[:5]
        p.terminate(); p.wait()
        queued = int(psql(db, "SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'QUEUED'"))
        t0 = time.time()
        p = start(db, on.name, a.port, log)
        started = time.time()
        while True:
            left = int(psql(db, "SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'QUEUED'"))
            if left == 0: break
            time.sleep(0.2)
        t1 = time.time()
        p.terminate(); p.wait()
    dispatched = int(psql(db, "SELECT count(*) FROM case_items WHERE department = 'health' AND status = 'DISPATCHED'"))
    print(f"health items queued {queued}, dispatched {dispatched}; maxInFlight {a.in_flight}")
    print(f"drain time from node up: {t1 - started:.2f} s  ->  {dispatched / (t1 - started):.0f} items/s "
          f"(node start took {started - t0:.1f} s, not counted)")

if __name__ == "__main__":
    main()
