#!/usr/bin/env python3
"""Failover of the web-server workshop on an isolated sandbox (each node a host: its own network and
mount namespace on a bridge), seen from the client namespace: a ping and an HTTP GET every 100 ms to
the floating IP while, on the node running the web site, one of
  standby  `hapc node standby` (then unstandby: stickiness keeps the site where it went)
  crash    `hapc sandbox crash` (power loss: link down, every process of the host killed)
  kill9    `kill -9` of its hapcd (its services keep running until it is fenced)
  fence    `hapc stonith fence` from the other node
Fencing is fence_hapc_sandbox (reboot: the victim powers on again and rejoins before the next run).
Per scenario and run: lost pings, ping outage (first unanswered ping to the next answered one: the
floating IP answering again) and HTTP outage (first failed GET to the next 200).

usage: bench/failover/isolated.py [--runs 20] [--nodes 2] [--session-timeout-ms 5000] [--transport zookeeper|heartbeat]
                                  [--scenarios standby,crash,kill9,fence] [--dir /tmp/hapc-failover-isolated]
                                  [--config workshop|demo]
The workshop (default) is README's: WebIP (IPaddr2) and WebServer (apache), colocation and order as pcs does it;
demo is the sandbox's own demo (Database first, then the WebSite group: the IP waits for Database's move).
With --transport heartbeat (two nodes, UDP between the hosts' own addresses) the timeout is the deadtime
(keepalive a fifth of it, warntime half), as `hapc sandbox start --session-timeout-ms` takes it.
Needs root, a build (mvn -q -DskipTests package), resource-agents, apache2, iputils-ping, curl.
"""
import argparse, ipaddress, json, os, pathlib, signal, statistics, subprocess, sys, threading, time

ROOT = pathlib.Path(__file__).resolve().parents[2]
HAPC = str(ROOT / "bin" / "hapc")


def hapc(env, *args, check=True):
    p = subprocess.run([HAPC, *args], env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"hapc {' '.join(args)} failed ({p.returncode}): {p.stdout}{p.stderr}")
    return p.stdout


class Probe:
    """ping -D -O every 100 ms and a curl loop every 100 ms, inside the client namespace."""

    def __init__(self, client_ns, vip):
        self.pings, self.gets = [], []
        self.procs = [
            subprocess.Popen(["ip", "netns", "exec", client_ns, "ping", "-D", "-O", "-n", "-i", "0.1", "-W", "1", vip],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True),
            subprocess.Popen(["ip", "netns", "exec", client_ns, "sh", "-c",
                              "while :; do t=$(date +%s%3N); c=$(curl -s -m 0.5 -o /dev/null -w '%{http_code}' http://" + vip
                              + "/); echo \"$t $c\"; sleep 0.1; done"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)]
        threading.Thread(target=self._pings, daemon=True).start()
        threading.Thread(target=self._gets, daemon=True).start()

    def _pings(self):
        for line in self.procs[0].stdout:
            if line.startswith("["):
                at = float(line[1:line.index("]")])
                if "bytes from" in line:
                    self.pings.append((at, True))
                elif "no answer yet" in line:
                    self.pings.append((at, False))

    def _gets(self):
        for line in self.procs[1].stdout:
            f = line.split()
            if len(f) == 2 and f[0].isdigit():
                self.gets.append((int(f[0]) / 1000.0, f[1] == "200"))

    def window(self, samples, t0, t1):
        return [s for s in samples if t0 <= s[0] <= t1]

    def figures(self, t0, t1):
        pings = self.window(self.pings, t0, t1)
        return {"lost": sum(1 for _, ok in pings if not ok), "ping_outage": outage(pings, t1),
                "http_outage": outage(self.window(self.gets, t0, t1), t1)}

    def close(self):
        self.procs[0].kill()
        os.killpg(self.procs[1].pid, signal.SIGKILL)


def outage(samples, end):
    longest, since = 0.0, None
    for at, ok in samples:
        if not ok and since is None:
            since = at
        if ok and since is not None:
            longest, since = max(longest, at - since), None
    if since is not None:
        longest = max(longest, end - since)
    return longest


def wait(what, timeout, cond):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {timeout} s waiting for {what}")


def status(env, node):
    p = subprocess.run([HAPC, "--node", node, "status", "--output", "json"], env=env, capture_output=True, text=True)
    return json.loads(p.stdout) if p.returncode == 0 else None


def active(env, nodes):
    """Where WebServer runs, as every live node says: a node just back from a reboot may still show an old view."""
    seen = set()
    for n in nodes:
        st = status(env, n)
        if st:
            on = [r["nodes"][0] for r in st["resources"] if r["id"] == "WebServer" and len(r["nodes"]) == 1]
            seen.add(on[0] if on else None)
    return seen.pop() if len(seen) == 1 else None


def all_online(env, nodes):
    for n in nodes:
        st = status(env, n)
        if st:
            return all(x["online"] for x in st["nodes"]) and len(st["nodes"]) == len(nodes)
    return False


def http_ok(client_ns, vip):
    p = subprocess.run(["ip", "netns", "exec", client_ns, "curl", "-s", "-m", "1", "-o", "/dev/null", "-w", "%{http_code}",
                        f"http://{vip}/"], capture_output=True, text=True)
    return p.stdout.strip() == "200"


def configure_workshop(env, nodes, vip, prefix):
    """The workshop of README and IsolatedSandboxIT: Debian's apache2 with a configuration of its own (port 80 on
    each host, its pid file in the host's private /run), WebServer colocated with WebIP and started after it."""
    # not under /tmp: each host has its own; www-data must be able to read the site
    site = ROOT / "cli" / "target" / "failover-workshop"
    www = site / "www"
    www.mkdir(parents=True, exist_ok=True)
    (www / "index.html").write_text("hapc workshop\n")
    for d in (site, www):
        d.chmod(0o755)
    (www / "index.html").chmod(0o644)
    conf = site / "apache2.conf"
    conf.write_text("\n".join([
        "ServerRoot /etc/apache2", "ServerName localhost",
        "Include /etc/apache2/mods-enabled/*.load", "Include /etc/apache2/mods-enabled/*.conf",
        "Listen 80", "PidFile /var/run/apache2/workshop.pid", "Mutex file:/var/run/apache2 default",
        "User www-data", "Group www-data", "ErrorLog /var/log/apache2/workshop-error.log",
        f"DocumentRoot {www}", f"<Directory {www}>", "  Require all granted", "</Directory>", ""]))
    n1 = ["--node", nodes[0]]
    hapc(env, *n1, "resource", "defaults", "update", "resource-stickiness=1")
    for n in nodes:
        hapc(env, *n1, "stonith", "create", f"fence-{n}", "fence_hapc_sandbox", f"pcmk_host_list={n}")
        hapc(env, *n1, "constraint", "location", f"fence-{n}", "avoids", n)
    hapc(env, *n1, "resource", "create", "WebIP", "ocf:heartbeat:IPaddr2", f"ip={vip}", f"cidr_netmask={prefix}",
         "nic=eth0", "op", "monitor", "interval=5s")
    hapc(env, *n1, "resource", "create", "WebServer", "ocf:heartbeat:apache", f"configfile={conf}",
         "statusurl=http://localhost/server-status", "op", "monitor", "interval=5s")
    hapc(env, *n1, "constraint", "colocation", "add", "WebServer", "with", "WebIP", "INFINITY")
    hapc(env, *n1, "constraint", "order", "start", "WebIP", "then", "start", "WebServer")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--nodes", type=int, default=2)
    ap.add_argument("--session-timeout-ms", type=int, default=5000)
    ap.add_argument("--transport", default="zookeeper", choices=["zookeeper", "heartbeat"])
    ap.add_argument("--scenarios", default="standby,crash,kill9,fence")
    ap.add_argument("--dir", default="/tmp/hapc-failover-isolated")
    ap.add_argument("--config", default="workshop", choices=["workshop", "demo"],
                    help="workshop: IP + apache, colocation and order as pcs does it (the IP moves last and first); "
                         "demo: the sandbox's demo (Database, then the WebSite group)")
    a = ap.parse_args()
    base = pathlib.Path(a.dir)
    env = dict(os.environ, HAPC_SANDBOX_DIR=str(base))
    nodes = [f"sandbox-{i}" for i in range(1, a.nodes + 1)]
    subprocess.run([HAPC, "sandbox", "stop", "--dir", str(base)], env=env, capture_output=True)
    hapc(env, "sandbox", "start", "--isolate", "--nodes", str(a.nodes), "--dir", str(base),
         "--session-timeout-ms", str(a.session_timeout_ms), "--transport", a.transport,
         *(["--no-demo"] if a.config == "workshop" else []))
    net = json.loads((base / "isolation.json").read_text())
    subnet = ipaddress.ip_network(net["subnet"])
    client_ns, vip = net["client"]["namespace"], str(subnet[100])
    if a.config == "workshop":
        configure_workshop(env, nodes, vip, subnet.prefixlen)
    results = {s: [] for s in a.scenarios.split(",")}
    probe = None
    try:
        wait("the web site on the floating IP", 120, lambda: http_ok(client_ns, vip))
        probe = Probe(client_ns, vip)
        time.sleep(2)
        for run in range(a.runs):
            for sc in results:
                wait("every node agreeing where WebServer runs", 60, lambda: active(env, nodes) is not None)
                victim = active(env, nodes)
                other = next(n for n in nodes if n != victim)
                t0 = time.time()
                if sc == "standby":
                    hapc(env, "--node", victim, "node", "standby", victim)
                elif sc == "crash":
                    hapc(env, "sandbox", "crash", victim)
                elif sc == "kill9":
                    pid = next(r["pid"] for r in json.loads(hapc(env, "sandbox", "status", "--output", "json")) if r["node"] == victim)
                    os.kill(pid, signal.SIGKILL)
                elif sc == "fence":
                    hapc(env, "--node", other, "stonith", "fence", victim)
                wait(f"{sc}: WebServer off {victim}", 120, lambda: active(env, nodes) not in (None, victim))
                wait(f"{sc}: HTTP back", 120, lambda: http_ok(client_ns, vip))
                time.sleep(1.0)
                f = probe.figures(t0, time.time())
                results[sc].append(f)
                print(f"run {run + 1} {sc:8s} {victim} lost pings {f['lost']:3d}  ping outage {f['ping_outage']:5.2f} s  "
                      f"HTTP outage {f['http_outage']:5.2f} s", flush=True)
                if sc == "standby":
                    hapc(env, "--node", victim, "node", "unstandby", victim)
                wait(f"{sc}: every node online again", 180, lambda: all_online(env, nodes))
                time.sleep(1.0)
    finally:
        if probe:
            probe.close()
        subprocess.run([HAPC, "sandbox", "stop", "--dir", str(base)], env=env, capture_output=True)
    print()
    timeout = "deadtime" if a.transport == "heartbeat" else "session timeout"
    print(f"| scenario ({a.config}, {a.nodes} nodes, {a.transport}, {timeout} {a.session_timeout_ms} ms) | runs | lost pings median / max "
          "| IP back (ping outage) median / max | HTTP outage median / max |")
    print("|---|---|---|---|---|")
    for sc, rs in results.items():
        if not rs:
            continue
        lost = [r["lost"] for r in rs]
        po = [r["ping_outage"] for r in rs]
        ho = [r["http_outage"] for r in rs]
        print(f"| {sc} | {len(rs)} | {statistics.median(lost):g} / {max(lost)} | {statistics.median(po):.2f} s / {max(po):.2f} s "
              f"| {statistics.median(ho):.2f} s / {max(ho):.2f} s |")


if __name__ == "__main__":
    main()
