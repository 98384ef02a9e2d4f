"""Recommendations over the article's cases and others: ranking, verdicts, sourced reasons, and
answers that follow the KB (overlays change limits, traits and trade-off text)."""
from pathlib import Path

import pytest

from generator.graph.recommend import advise_spec, options, recommend
from generator.graph.options import PROFILE_VALUES
from generator.graph.workload import Workload, from_values

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "recommend"
OPTION_IDS = {"lambda", "provisioned-concurrency", "step-functions", "fargate", "ec2", "batch"}


def rank(kb, **values):
    return recommend(kb, from_values(values))


def verdicts(answer):
    return {r["id"]: r["verdict"] for r in answer["recommendations"]}


def ids(answer):
    return [r["id"] for r in answer["recommendations"]]


def reasons_of(answer, option_id):
    return next(r["reasons"] for r in answer["recommendations"] if r["id"] == option_id)


def overlay_kb(name):
    from generator.kb import load_kb

    return load_kb(extra_dirs=[FIXTURES / name], use_cache=False)


# -- the options come from the KB --------------------------------------------------------------
def test_the_six_options_come_from_kb_profiles(kb):
    found = {o.id: o for o in options(kb)}
    assert set(found) == OPTION_IDS
    assert found["provisioned-concurrency"].base == "lambda"
    # inherited from lambda's profile, resolved to the KB limit
    assert found["provisioned-concurrency"].trait("max_duration").value == \
        kb.limit_value("lambda", "timeout-max")
    assert found["step-functions"].trait("step_duration").limit["id"] == "timeout-max"


# -- the article's cases -----------------------------------------------------------------------
def test_forty_minute_job_makes_lambda_unfit(kb):
    answer = rank(kb, duration="40m")
    v = verdicts(answer)
    assert v["lambda"] == "unfit" and v["provisioned-concurrency"] == "unfit"
    assert ids(answer)[0] in ("fargate", "batch", "ec2")
    blocker = next(r for r in reasons_of(answer, "lambda") if r["effect"] == "blocker")
    assert blocker["source"] == kb.limit("lambda", "timeout-max")["source"]
    assert "15 minutes" in blocker["text"] and "40 minutes" in blocker["text"]
    assert set(ids(answer)[-2:]) == {"lambda", "provisioned-concurrency"}


def test_forty_minute_infrequent_job_goes_to_a_job_runner(kb):
    answer = recommend(kb, from_values({"duration": "40m", "traffic": "infrequent"}))
    assert ids(answer)[0] in ("batch", "fargate")
    assert verdicts(answer)["ec2"] != "fit"  # idle instances are billed


def test_lambda_names_its_kb_mitigations_for_long_work(kb):
    texts = [r["text"] for r in reasons_of(rank(kb, duration="40m"), "lambda")
             if r["effect"] == "info"]
    mitigators = {u for u, _, _ in kb.relations(dst="execution-time-limit", type="mitigates")
                  if u not in OPTION_IDS}
    assert mitigators and len(texts) == len(mitigators)
    assert all(kb.name(m) in " ".join(texts) for m in mitigators)


def test_long_job_on_step_functions_depends_on_splitting(kb):
    unknown = verdicts(rank(kb, duration="40m"))["step-functions"]
    split = verdicts(rank(kb, duration="40m", splittable=True))["step-functions"]
    whole = verdicts(rank(kb, duration="40m", splittable=False))["step-functions"]
    assert (unknown, split, whole) == ("caution", "fit", "unfit")


@pytest.mark.parametrize("traffic", ["spiky", "infrequent"])
def test_short_spiky_or_infrequent_job_ranks_lambda_first(kb, traffic):
    answer = rank(kb, duration="200ms", traffic=traffic)
    assert ids(answer)[0] == "lambda"
    assert answer["recommendations"][0]["verdict"] == "fit"
    tradeoff = "spiky-traffic-fit" if traffic == "spiky" else "infrequent-tasks-fit"
    cited = [r for r in reasons_of(answer, "lambda") if r.get("tradeoff") == tradeoff]
    assert cited and cited[0]["text"] == kb.nodes[tradeoff]["summary"]
    assert cited[0]["source"] == kb.nodes[tradeoff]["source"]


@pytest.mark.parametrize("duration", ["1h", "6h", "20m"])
def test_steady_long_running_load_does_not_rank_lambda_first(kb, duration):
    answer = rank(kb, duration=duration, traffic="steady")
    assert ids(answer)[0] not in ("lambda", "provisioned-concurrency", "step-functions")
    assert verdicts(answer)["lambda"] == "unfit"


def test_steady_short_requests_favour_servers_over_lambda(kb):
    answer = rank(kb, duration="150ms", traffic="steady", requests_per_month="500M", memory=512)
    order = ids(answer)
    assert order.index("ec2") < order.index("lambda")
    assert verdicts(answer)["lambda"] == "caution"
    ec2 = reasons_of(answer, "ec2")
    mit = [r for r in ec2 if r.get("tradeoff") == "steady-traffic-cost"]
    assert mit and mit[0]["effect"] == "benefit" and mit[0]["text"].startswith("Mitigates")


def test_latency_sensitive_work_brings_provisioned_concurrency_up_with_its_billing(kb):
    plain = rank(kb, duration="100ms", traffic="spiky")
    hot = rank(kb, duration="100ms", traffic="spiky", latency_sensitive=True, memory=1024,
               requests_per_month="10M")
    assert ids(plain).index("provisioned-concurrency") > ids(hot).index("provisioned-concurrency")
    assert ids(hot)[0] == "provisioned-concurrency"
    pc = reasons_of(hot, "provisioned-concurrency")
    mit = next(r for r in pc if r["rule"] == "latency")
    rel = next(a for _, v, a in kb.relations(src="provisioned-concurrency", type="mitigates")
               if v == "cold-start-latency")
    assert mit["effect"] == "benefit" and rel["note"] in mit["text"]
    assert mit["source"] == rel["source"]
    billing = next(r for r in pc if r["rule"] == "billing")
    assert billing["effect"] == "drawback" and "free tier does not apply" in billing["text"]
    assert "$" in billing["text"]  # the cost of the configured level
    cold = next(r for r in reasons_of(hot, "lambda") if r["rule"] == "latency")
    assert cold["effect"] == "drawback" and cold["tradeoff"] == "cold-start-latency"
    assert verdicts(hot)["batch"] == "unfit"  # a scheduler is not for sub-second answers


def test_provisioned_concurrency_without_latency_need_is_caution(kb):
    assert verdicts(rank(kb, duration="1s", traffic="spiky"))["provisioned-concurrency"] == "caution"


# -- workloads the article does not list ---------------------------------------------------------
def test_memory_above_lambda_maximum_rules_lambda_out(kb):
    answer = rank(kb, duration="2m", memory="20GB")
    v = verdicts(answer)
    assert v["lambda"] == v["provisioned-concurrency"] == v["step-functions"] == "unfit"
    assert v["fargate"] != "unfit"  # within the largest task
    assert verdicts(rank(kb, duration="2m", memory="200GB"))["fargate"] == "unfit"


def test_rust_cites_the_kb_correction_of_the_article(kb):
    reasons = reasons_of(rank(kb, duration="1s", language="rust"), "lambda")
    lang = next(r for r in reasons if r["rule"] == "language")
    correction = next(c for c in kb.nodes["lambda"]["corrections"] if "Rust" in c["topic"])
    assert lang["source"] == correction["source"] and correction["now"] in lang["text"]


def test_language_without_a_managed_runtime_favours_containers(kb):
    answer = rank(kb, duration="1s", language="cobol")
    lam = next(r for r in reasons_of(answer, "lambda") if r["rule"] == "language")
    assert lam["effect"] == "drawback" and lam["tradeoff"] == "language-support"
    far = next(r for r in reasons_of(answer, "fargate") if r["rule"] == "language")
    assert far["effect"] == "benefit"
    assert not [r for r in reasons_of(rank(kb, duration="1s", language="python"), "lambda")
                if r["rule"] == "language"]


def test_team_new_to_serverless(kb):
    low = rank(kb, duration="1s", traffic="spiky", team_serverless_experience="low")
    assert verdicts(low)["lambda"] == "caution"
    r = next(r for r in reasons_of(low, "lambda") if r["rule"] == "team")
    assert r["text"] == kb.nodes["team-familiarity"]["summary"]
    source = r["source"]["id"] if isinstance(r["source"], dict) else r["source"]
    assert kb.sources[source].get("section") == "When Not to Use AWS Lambda or Serverless"
    assert not [r for r in reasons_of(low, "ec2") if r["rule"] == "team"]


def test_scale_to_zero_requirement(kb):
    answer = rank(kb, duration="1s", scale_to_zero=True)
    v = verdicts(answer)
    assert v["ec2"] == v["provisioned-concurrency"] == "caution"
    assert v["lambda"] == "fit"


def test_concurrency_above_the_regional_quota_is_flagged(kb):
    quota = kb.limit_value("lambda", "concurrency-regional-default")
    # requests x duration / seconds per month = 2 x quota environments busy on average
    requests = int(2 * quota * 730 * 3600 / 1)
    answer = rank(kb, duration="1s", requests_per_month=requests, memory=128)
    r = next(r for r in reasons_of(answer, "lambda") if r["rule"] == "concurrency")
    assert f"{quota:,}" in r["text"] and r["source"] == "lambda-quotas"


def test_needs_vpc_explains_lambda_networking(kb):
    r = next(r for r in reasons_of(rank(kb, needs_vpc=True), "lambda") if r["rule"] == "vpc")
    assert r["source"] == "lambda-vpc" and "NAT" in r["text"]


def test_an_empty_workload_still_ranks_every_option(kb):
    answer = recommend(kb, Workload())
    assert set(ids(answer)) == OPTION_IDS
    assert answer["cost"]["lambda"] is None
    assert set(answer["cost"]["missing"]) == {"requests_per_month", "duration", "memory"}


# -- every reason says where it comes from -------------------------------------------------------
@pytest.mark.parametrize("values", [
    {"duration": "40m", "traffic": "infrequent"},
    {"duration": "100ms", "traffic": "spiky", "latency_sensitive": True, "memory": 512,
     "requests_per_month": "5M", "language": "rust", "needs_vpc": True,
     "team_serverless_experience": "low", "scale_to_zero": True},
    {"duration": "14m", "traffic": "steady", "memory": "12GB", "language": "cobol",
     "team_serverless_experience": "high", "splittable": True},
    {},
])
def test_every_reason_cites_a_kb_source(kb, values):
    answer = recommend(kb, from_values(values))
    assert [r["score"] for r in answer["recommendations"]] and all(
        0 <= r["score"] <= 100 for r in answer["recommendations"])
    for rec in answer["recommendations"]:
        assert set(rec) >= {"id", "name", "verdict", "score", "reasons"}
        assert rec["verdict"] in ("fit", "caution", "unfit")
        assert rec["reasons"], rec["id"]
        for reason in rec["reasons"]:
            assert reason["text"] and reason["source"] in kb.sources
            assert reason["source"] in answer["sources"]
            if reason.get("tradeoff"):
                assert kb.nodes[reason["tradeoff"]]["kind"] == "tradeoff"


def test_ranking_is_best_first_and_deterministic(kb):
    w = from_values({"duration": "3s", "traffic": "spiky", "memory": 256})
    a, b = recommend(kb, w), recommend(kb, w)
    assert a == b
    order = {"fit": 0, "caution": 1, "unfit": 2}
    keys = [(order[r["verdict"]], -r["score"]) for r in a["recommendations"]]
    assert keys == sorted(keys)


# -- change the KB, the answer changes -----------------------------------------------------------
def test_a_longer_timeout_in_the_kb_changes_the_answer(kb):
    longer = overlay_kb("kb-longer-timeout")
    assert longer.limit_value("lambda", "timeout-max") == 3600
    assert verdicts(rank(kb, duration="40m"))["lambda"] == "unfit"
    answer = rank(longer, duration="40m")
    assert verdicts(answer)["lambda"] != "unfit"
    assert verdicts(rank(longer, duration="2h"))["lambda"] == "unfit"
    blocker = next(r for r in reasons_of(rank(longer, duration="2h"), "lambda")
                   if r["effect"] == "blocker")
    assert "of 1 hour" in blocker["text"]
    # Step Functions steps are Lambda invocations: the step cap moved too
    assert not [r for r in reasons_of(answer, "step-functions") if r["rule"] == "duration"
                and r["effect"] != "benefit"]


def test_a_profile_trait_in_the_kb_changes_the_answer(kb):
    base = rank(kb, duration="1s", traffic="infrequent")
    zero = overlay_kb("kb-ec2-scales-to-zero")
    changed = rank(zero, duration="1s", traffic="infrequent")
    before = next(r for r in reasons_of(base, "ec2") if r["rule"] == "traffic")
    after = next(r for r in reasons_of(changed, "ec2") if r["rule"] == "traffic")
    assert before["effect"] == "drawback" and after["effect"] == "benefit"
    assert after["text"] == "Overlay note: this group scales to zero."
    assert next(r["name"] for r in changed["recommendations"] if r["id"] == "ec2") == \
        "EC2 Auto Scaling group (overlay)"


def test_tradeoff_text_comes_from_the_kb(kb, tmp_path):
    from generator.kb import load_kb

    node = dict(kb.nodes["cold-start-latency"])
    (tmp_path / "tradeoffs").mkdir()
    (tmp_path / "tradeoffs" / "cold-start-latency.yaml").write_text(
        "id: cold-start-latency\nkind: tradeoff\nname: Cold-start latency\n"
        "summary: Overlay summary of cold starts.\nsource: lambda-runtime-environment\n"
        "tradeoff: {polarity: cost}\nextend: true\n", encoding="utf-8")
    other = load_kb(extra_dirs=[tmp_path], use_cache=False)
    answer = rank(other, duration="100ms", latency_sensitive=True)
    cold = next(r for r in reasons_of(answer, "lambda") if r["rule"] == "latency")
    assert cold["text"] == "Overlay summary of cold starts."
    assert cold["source"] == "lambda-runtime-environment" != node["source"]


# -- advice on an existing design ----------------------------------------------------------------
def test_spec_advice_per_component(kb):
    from generator.spec import load_any

    spec = load_any(FIXTURES / "orders-spec.yaml", kb)
    answer = advise_spec(kb, spec)
    comps = {c["id"]: c for c in answer["components"]}
    assert set(comps) == {"orders", "lookup", "report", "worker"}  # the Lambda functions only

    orders = comps["orders"]  # states its run time, traffic and latency need
    assert orders["workload"]["duration"] == "400ms" and orders["workload"]["latency_sensitive"]
    assert orders["workload"]["language"] == "python"
    assert orders["recommendations"][0]["id"] == "provisioned-concurrency"
    rules = [a["rule"] for a in orders["advice"]]
    assert "latency" in rules and "cost" in rules and "architecture" in rules
    cost = next(a for a in orders["advice"] if a["rule"] == "cost")
    assert "1 environment of 1,024 MB" in cost["text"] and "$10.95" in cost["text"]
    assert orders["location"]["line"] == 5
    assert orders["cost"]["lambda"]["billed_duration_ms"] == 400  # the run time, not the timeout

    lookup = comps["lookup"]  # called synchronously, no latency need stated
    assert not lookup["workload"]["latency_sensitive"]
    assert lookup["cost"]["provisioned_concurrency"] is None
    assert "cost" not in [a["rule"] for a in lookup["advice"]]
    assert lookup["recommendations"][0]["id"] != "provisioned-concurrency"
    hint = next(a for a in lookup["advice"] if a["rule"] == "latency")
    assert hint["effect"] == "info" and "Orders API calls it and waits" in hint["text"]

    report = comps["report"]  # no run time: the timeout is not taken for one
    assert report["workload"]["duration"] is None
    assert any(a["rule"] == "duration" and "upper bound" in a["text"] for a in report["advice"])
    timeout = next(a for a in report["advice"] if a["rule"] == "timeout")
    assert "Step Functions" in timeout["text"] and "Fargate" in timeout["text"]
    assert timeout["source"] == kb.limit("lambda", "timeout-max")["source"]
    assert not [a for a in report["advice"] if a["rule"] == "architecture"]  # already arm64

    worker = comps["worker"]
    texts = " ".join(a["text"] for a in worker["advice"])
    assert "nothing waits on this function" in texts
    assert "5 environments of 512 MB" in texts
    for comp in comps.values():
        for a in comp["advice"]:
            assert a["source"] in answer["sources"]


def test_every_option_is_costed_side_by_side(kb):
    answer = rank(kb, duration="2s", memory=1024, requests_per_month="1M")
    costs = {r["id"]: r["monthly_usd"] for r in answer["recommendations"]}
    assert set(costs) == {o.id for o in options(kb)} and all(v > 0 for v in costs.values())
    for r in answer["recommendations"]:
        assert r["cost_basis"] and r["cost_sources"]
        assert all(s in answer["sources"] for s in r["cost_sources"])
    doubled = rank(kb, duration="2s", memory=1024, requests_per_month="2M")
    assert {r["id"]: r["monthly_usd"] for r in doubled["recommendations"]}["lambda"] > \
        costs["lambda"]
    unknown = rank(kb, duration="2s")
    assert all(r["monthly_usd"] is None and "--requests-per-month" in r["cost_basis"]
               for r in unknown["recommendations"])
    too_long = {r["id"]: r for r in rank(kb, duration="40m", memory=1024,
                                         requests_per_month=10)["recommendations"]}
    assert too_long["lambda"]["monthly_usd"] is None and "40m run" in too_long["lambda"][
        "cost_basis"]


def test_prose_has_no_internal_ids(kb):
    import re

    from generator.spec import load_any

    spec = load_any(FIXTURES / "orders-spec.yaml", kb)
    texts = [a["text"] for c in advise_spec(kb, spec)["components"] for a in c["advice"]]
    for workload in ({"duration": "40m"}, {"duration": "20m", "splittable": True},
                     {"duration": "20m"}, {"duration": "200ms", "latency_sensitive": True,
                                           "memory": 512, "requests_per_month": "3M"},
                     {"duration": "14m", "memory": 20480}):
        answer = rank(kb, **workload)
        texts += [r["text"] for rec in answer["recommendations"] for r in rec["reasons"]]
        texts += [rec["cost_basis"] for rec in answer["recommendations"]]
    def reads_as_words(item: dict) -> bool:  # "provisioned-concurrency rates" is English
        return item["id"] == "-".join(item["name"].lower().split())

    internal = set(PROFILE_VALUES) | {
        item["id"] for node in kb.nodes.values()
        for item in [node] + list(node.get("limits", []))
        if "-" in item["id"] and not reads_as_words(item)} | {
        price["id"] for node in kb.nodes.values() for price in node.get("prices", [])
        if "-" in price["id"] and price["id"] not in kb.nodes}
    words = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")
    for text in texts:
        leaked = {w for w in words.findall(text) if w in internal}
        assert not leaked, (leaked, text)
        assert "(s)" not in text and " x " not in text, text


def test_spec_advice_takes_workload_overrides(kb):
    from generator.spec import load_any

    spec = load_any(FIXTURES / "orders-spec.yaml", kb)
    answer = advise_spec(kb, spec, {"requests_per_month": 3_000_000, "traffic": "spiky"})
    orders = next(c for c in answer["components"] if c["id"] == "orders")
    assert orders["workload"]["traffic"] == "spiky"
    assert orders["cost"]["lambda"]["requests_per_month"] == 3_000_000
    answer = advise_spec(kb, spec, {"duration": "2s"})
    report = next(c for c in answer["components"] if c["id"] == "report")
    assert report["workload"]["duration"] == "2s"


@pytest.mark.parametrize("profile, message", [
    ("  scales_to_zer: {value: true, source: ec2-asg-cfn}\n", "unknown profile key 'scales_to_zer'"),
    ("  billing: {value: per-minute, source: ec2-asg-cfn}\n", "profile.billing value 'per-minute'"),
    ("  max_duration: {limit: no-such-limit}\n", "unknown limit 'no-such-limit' of ec2"),
])
def test_a_broken_profile_is_a_kb_error_naming_the_file(tmp_path, profile, message):
    from generator.errors import InputError
    from generator.kb import load_kb

    (tmp_path / "services").mkdir()
    path = tmp_path / "services" / "ec2.yaml"
    path.write_text("id: ec2\nkind: service\nname: Amazon EC2\nsummary: overlay\n"
                    "source: ec2-asg-cfn\ndiagrams: diagrams.aws.compute.EC2\ncategory: compute\n"
                    "extend: true\nprofile:\n  option: EC2\n" + profile, encoding="utf-8")
    broken = load_kb(extra_dirs=[tmp_path], use_cache=False)
    with pytest.raises(InputError, match=message) as info:
        recommend(broken, Workload())
    assert "ec2.yaml" in str(info.value)


# -- any workload: invariants that must hold whatever the user describes --------------------------
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

workloads = st.builds(
    Workload,
    duration_s=st.one_of(st.none(), st.floats(min_value=0.001, max_value=30 * 86400)),
    traffic=st.sampled_from(["spiky", "steady", "infrequent", "unknown"]),
    scale_to_zero=st.booleans(), latency_sensitive=st.booleans(),
    memory_mb=st.one_of(st.none(), st.integers(min_value=64, max_value=300_000)),
    requests_per_month=st.one_of(st.none(), st.integers(min_value=0, max_value=10**11)),
    language=st.one_of(st.none(), st.sampled_from(["python", "rust", "go", "java", "cobol", "ts"])),
    team_serverless_experience=st.sampled_from(["low", "high", "unknown"]),
    needs_vpc=st.booleans(), splittable=st.one_of(st.none(), st.booleans()),
    provisioned_concurrency=st.one_of(st.none(), st.integers(min_value=1, max_value=5000)),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(w=workloads)
def test_any_workload_agrees_with_the_kb_limits(kb, w):
    answer = recommend(kb, w)
    recs = {r["id"]: r for r in answer["recommendations"]}
    assert set(recs) == OPTION_IDS
    cap = kb.limit_value("lambda", "timeout-max")
    if w.duration_s is not None and w.duration_s > cap:
        assert recs["lambda"]["verdict"] == recs["provisioned-concurrency"]["verdict"] == "unfit"
        assert answer["recommendations"][0]["id"] not in ("lambda", "provisioned-concurrency")
    if w.memory_mb is not None and w.memory_mb > kb.limit_value("lambda", "memory-max"):
        assert recs["lambda"]["verdict"] == "unfit"
    if w.latency_sensitive:
        assert recs["batch"]["verdict"] == "unfit"
    order = {"fit": 0, "caution": 1, "unfit": 2}
    keys = [(order[r["verdict"]], -r["score"]) for r in answer["recommendations"]]
    assert keys == sorted(keys)
    for rec in answer["recommendations"]:
        assert 0 <= rec["score"] <= 100 and rec["reasons"]
        assert all(r["source"] in kb.sources and r["text"] for r in rec["reasons"])
        assert (rec["verdict"] == "unfit") == any(r["effect"] == "blocker" for r in rec["reasons"])
