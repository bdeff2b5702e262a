#!/usr/bin/env python3
"""Generate a synthetic Pacemaker CIB for benchmarks: N nodes x M ocf:heartbeat:Dummy primitives
with location, colocation and order constraints and a few groups, deterministic for a seed.

usage: gen_cib.py --nodes 32 --resources 2000 [--state none|running] [--fail-node NODE]
                  [--seed 1] -o FILE

Ids: nodes node1..nodeN (ids 1..N); primitives rsc1..rscM; groups grp1.. (members are primitives
taken from the list, 1% of resources in groups of 3); constraints loc-*, col-*, ord-*.
--state running: every node online and every primitive started (start + 10 s monitor) on one
node, round robin, respecting bans and colocations. --fail-node: that node is marked lost
(in_ccm=false, expected=member), so the scheduler moves its resources (fencing is disabled).
"""
import argparse, random, sys
from xml.sax.saxutils import quoteattr as q

p = argparse.ArgumentParser()
p.add_argument("--nodes", type=int, default=32)
p.add_argument("--resources", type=int, default=2000)
p.add_argument("--state", choices=["none", "running"], default="none")
p.add_argument("--fail-node")
p.add_argument("--seed", type=int, default=1)
p.add_argument("-o", "--output", required=True)
a = p.parse_args()
rnd = random.Random(a.seed)
nodes = [f"node{i}" for i in range(1, a.nodes + 1)]
rscs = [f"rsc{i}" for i in range(1, a.resources + 1)]

# Groups: 1% of resources, in groups of 3 (consecutive ids).
grouped = {}
groups = []
for g in range(max(1, a.resources // 300)):
    start = 3 * g * 100 + 1
    members = [f"rsc{i}" for i in range(start, start + 3) if i <= a.resources]
    if len(members) < 2:
        break
    groups.append((f"grp{g + 1}", members))
    for m in members:
        grouped[m] = f"grp{g + 1}"
singles = [r for r in rscs if r not in grouped]

locations, colocations, orders = [], [], []
banned = {}
for r in rnd.sample(singles, len(singles) // 10):
    n = rnd.choice(nodes)
    if rnd.random() < 0.2:
        locations.append((f"loc-{r}-{n}", r, n, "-INFINITY"))
        banned.setdefault(r, set()).add(n)
    else:
        locations.append((f"loc-{r}-{n}", r, n, str(rnd.choice([10, 50, 100, 200]))))
# Colocation pairs (dependent -> primary with a lower index): no loops.
coloc_of = {}
for r in rnd.sample(singles, len(singles) // 20):
    idx = int(r[3:])
    prim = f"rsc{rnd.randint(1, max(1, idx - 1))}"
    if prim == r or prim in grouped or r in coloc_of or prim in coloc_of:
        continue
    score = rnd.choice(["INFINITY", "INFINITY", "500", "-INFINITY"])
    colocations.append((f"col-{r}-{prim}", r, prim, score))
    coloc_of[r] = (prim, score)
for r in rnd.sample(singles, len(singles) // 20):
    idx = int(r[3:])
    first = f"rsc{rnd.randint(1, max(1, idx - 1))}"
    if first == r:
        continue
    orders.append((f"ord-{first}-{r}", first, r, rnd.choice(["Mandatory", "Optional"])))

# Where everything runs (for --state running): round robin, honouring bans and INFINITY colocations.
where = {}
i = 0
for r in rscs:
    if r in grouped and grouped[r] in where:
        where[r] = where[grouped[r]]
        continue
    n = nodes[i % len(nodes)]
    i += 1
    tries = 0
    while n in banned.get(r, set()) and tries < len(nodes):
        n = nodes[(nodes.index(n) + 1) % len(nodes)]
        tries += 1
    if r in coloc_of:
        prim, score = coloc_of[r]
        if score == "INFINITY" and prim in where:
            n = where[prim]
        elif score == "-INFINITY" and where.get(prim) == n:
            n = nodes[(nodes.index(n) + 1) % len(nodes)]
    where[r] = n
    if r in grouped:
        where[grouped[r]] = n

out = []
w = out.append
w('<cib admin_epoch="0" epoch="1" num_updates="0" validate-with="pacemaker-3.9" have-quorum="1" dc-uuid="1">')
w('  <configuration>')
w('    <crm_config>')
w('      <cluster_property_set id="cib-bootstrap-options">')
w('        <nvpair id="opt-stonith-enabled" name="stonith-enabled" value="false"/>')
w('        <nvpair id="opt-fencing-enabled" name="fencing-enabled" value="false"/>')
w('        <nvpair id="opt-no-quorum-policy" name="no-quorum-policy" value="stop"/>')
w('      </cluster_property_set>')
w('    </crm_config>')
w('    <nodes>')
for k, n in enumerate(nodes, 1):
    w(f'      <node id="{k}" uname="{n}"/>')
w('    </nodes>')
w('    <resources>')

def prim(r, indent):
    w(f'{indent}<primitive id="{r}" class="ocf" provider="heartbeat" type="Dummy">')
    w(f'{indent}  <operations>')
    w(f'{indent}    <op id="{r}-monitor-10s" name="monitor" interval="10s" timeout="20s"/>')
    w(f'{indent}  </operations>')
    w(f'{indent}</primitive>')

done = set()
for r in rscs:
    if r in done:
        continue
    if r in grouped:
        gid = grouped[r]
        members = dict(groups)[gid]
        w(f'      <group id="{gid}">')
        for m in members:
            prim(m, "        ")
            done.add(m)
        w('      </group>')
    else:
        prim(r, "      ")
        done.add(r)
w('    </resources>')
w('    <constraints>')
for cid, r, n, s in locations:
    w(f'      <rsc_location id="{cid}" rsc="{r}" node="{n}" score="{s}"/>')
for cid, r, p_, s in colocations:
    w(f'      <rsc_colocation id="{cid}" rsc="{r}" with-rsc="{p_}" score="{s}"/>')
for cid, f, t, k in orders:
    w(f'      <rsc_order id="{cid}" first="{f}" then="{t}" kind="{k}"/>')
w('    </constraints>')
w('    <rsc_defaults>')
w('      <meta_attributes id="rsc-defaults">')
w('        <nvpair id="rsc-defaults-stickiness" name="resource-stickiness" value="1"/>')
w('      </meta_attributes>')
w('    </rsc_defaults>')
w('  </configuration>')
w('  <status>')
for k, n in enumerate(nodes, 1):
    lost = n == a.fail_node
    attrs = ('in_ccm="false" crmd="offline" join="down" expected="member"' if lost
             else 'in_ccm="true" crmd="online" join="member" expected="member"')
    w(f'    <node_state id="{k}" uname="{n}" {attrs}>')
    if a.state == "running":
        w(f'      <lrm id="{k}">')
        w('        <lrm_resources>')
        call = 0
        for r in rscs:
            if where[r] != n:
                continue
            call += 1
            w(f'          <lrm_resource id="{r}" class="ocf" provider="heartbeat" type="Dummy">')
            w(f'            <lrm_rsc_op id="{r}_last_0" operation="start" interval="0" call-id="{call}" rc-code="0" op-status="0" transition-key="1:1:0:bench" on_node="{n}"/>')
            w(f'            <lrm_rsc_op id="{r}_monitor_10000" operation="monitor" interval="10000" call-id="{call}" rc-code="0" op-status="0" transition-key="2:1:0:bench" on_node="{n}"/>')
            w('          </lrm_resource>')
        w('        </lrm_resources>')
        w('      </lrm>')
    w('    </node_state>')
w('  </status>')
w('</cib>')
with open(a.output, "w") as f:
    f.write("\n".join(out) + "\n")
